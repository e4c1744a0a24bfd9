import type { Metadata } from 'next';
import { loadProgramVersion } from '../../../_components/load-program';
import { VersionView } from '../../../_components/version-view';

type Props = { params: Promise<{ programSlug: string; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { programSlug, version } = await params;
  const loaded = await loadProgramVersion(programSlug, version);
  return { title: `${loaded.program.name}: criteria version ${loaded.version.version}` };
}

/** One published version of the criteria, current or earlier; drafts are not found. */
export default async function ProgramVersionPage({ params }: Props) {
  const { programSlug, version } = await params;
  const loaded = await loadProgramVersion(programSlug, version);
  return <VersionView program={loaded.program} version={loaded.version} />;
}
