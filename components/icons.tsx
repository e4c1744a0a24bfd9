/**
 * The few status icons the UI uses, drawn as inline SVG (not emoji, which every platform draws
 * differently and some screen readers read out). Decorative: the word beside each icon says the
 * same, so they are hidden from assistive technology. Sized by the text around them.
 */
export type IconName = 'check' | 'cross' | 'pause' | 'hourglass' | 'warning' | 'pencil' | 'clock' | 'search' | 'minus' | 'circle';

const paths: Record<IconName, React.ReactNode> = {
  check: <path d="M3 8.5l3.2 3.2L13 4.8" />,
  cross: <path d="M4 4l8 8M12 4l-8 8" />,
  pause: <path d="M5.5 3.5v9M10.5 3.5v9" />,
  hourglass: <path d="M4 2.5h8M4 13.5h8M5 2.5c0 3 6 3.5 6 5.5s-6 2.5-6 5.5M11 2.5c0 3-6 3.5-6 5.5s6 2.5 6 5.5" />,
  pencil: <path d="M10.5 2.5l3 3L6 13H3v-3zM9 4l3 3" />,
  clock: (
    <>
      <circle cx="8" cy="8" r="5.5" />
      <path d="M8 5v3.2l2 1.3" />
    </>
  ),
  search: (
    <>
      <circle cx="7" cy="7" r="4" />
      <path d="M10 10l3.5 3.5" />
    </>
  ),
  minus: <path d="M4 8h8" />,
  circle: <circle cx="8" cy="8" r="4.5" />,
  warning: (
    <>
      <path d="M8 2L14.5 13.5h-13z" />
      <path d="M8 6.5v3.5M8 11.8v.2" />
    </>
  ),
};

export function Icon({ name, className = '' }: { name: IconName; className?: string }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={`inline-block shrink-0 align-[-0.125em] ${className}`}
      data-icon={name}
    >
      {paths[name]}
    </svg>
  );
}
