import type { Metadata } from 'next';
import { loadProgram } from '../_components/load-program';
import { VersionView } from '../_components/version-view';

type Props = { params: Promise<{ programSlug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const program = await loadProgram((await params).programSlug);
  return { title: `${program.name}: criteria`, description: program.summary };
}

/** The program's current criteria. */
export default async function ProgramPage({ params }: Props) {
  const program = await loadProgram((await params).programSlug);
  return <VersionView program={program} version={program.versions[0]!} />;
}
