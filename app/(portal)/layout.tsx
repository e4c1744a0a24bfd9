/** One readable column, as every public and portal page has had. */
export default function ColumnLayout({ children }: { children: React.ReactNode }) {
  return <div className="mx-auto max-w-5xl px-4 py-8">{children}</div>;
}
