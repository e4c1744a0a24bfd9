import { describe, expect, it } from 'vitest';
import { BADGE_LOOKS, BADGE_STATES, badgeAccessibleName } from '@/lib/badge/badge-states';
import { escapeXml, renderBadgeSvg } from '@/lib/badge/badge-svg';

const SEAL_ID = 'OS-7KQ2-9XF4';

function titleOf(svg: string) {
  return /<title>([^<]*)<\/title>/.exec(svg)?.[1];
}

describe('renderBadgeSvg', () => {
  it('draws each of the six states with its own word and its own icon shape, not only its own colour', () => {
    const rendered = BADGE_STATES.map((state) => renderBadgeSvg({ state, sealId: SEAL_ID, holderName: 'Toysmart.com, Inc.' }));
    const words = rendered.map((svg) => /font-weight="700"[^>]*>([^<]+)</.exec(svg)?.[1]);
    const icons = rendered.map((svg) => /<path[^>]* d="([^"]+)"/.exec(svg)?.[1]);
    expect(words).toEqual(['ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED', 'NOT VERIFIED', 'UNAVAILABLE']);
    expect(new Set(icons).size).toBe(6);
    rendered.forEach((svg, index) => {
      expect(svg).toContain(`data-state="${BADGE_STATES[index]}"`);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="220" height="48"')).toBe(true);
      expect(svg).toContain('role="img"');
    });
  });

  it('names the state, the holder and the seal in its title for screen readers', () => {
    expect(titleOf(renderBadgeSvg({ state: 'active', sealId: SEAL_ID, holderName: 'Toysmart.com, Inc.' }))).toBe(
      'OpenSeal privacy seal: active — verified, held by Toysmart.com, Inc. (OS-7KQ2-9XF4)',
    );
    expect(titleOf(renderBadgeSvg({ state: 'revoked', sealId: SEAL_ID, holderName: 'Toysmart.com, Inc.' }))).toBe(
      'OpenSeal privacy seal: revoked — withdrawn by the seal authority, held by Toysmart.com, Inc. (OS-7KQ2-9XF4)',
    );
    expect(titleOf(renderBadgeSvg({ state: 'not-verified', sealId: null }))).toBe('OpenSeal privacy seal: NOT VERIFIED for this site');
    expect(titleOf(renderBadgeSvg({ state: 'unavailable', sealId: SEAL_ID, holderName: 'Ignored Ltd' }))).toBe(
      'OpenSeal privacy seal: status unavailable — could not be checked (OS-7KQ2-9XF4)',
    );
  });

  it('keeps a hostile holder name as text', () => {
    const svg = renderBadgeSvg({ state: 'active', sealId: SEAL_ID, holderName: '</title><script>alert("x")</script><a href=\'//evil.example\'>&' });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<a ');
    expect(titleOf(svg)).toBe(
      'OpenSeal privacy seal: active — verified, held by &lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;a href=&#39;//evil.example&#39;&gt;&amp; (OS-7KQ2-9XF4)',
    );
  });

  it('refers to nothing outside itself and runs nothing', () => {
    for (const state of BADGE_STATES) {
      const svg = renderBadgeSvg({ state, sealId: SEAL_ID, holderName: 'Toysmart.com, Inc.' });
      for (const forbidden of ['<script', 'href', 'url(', '<image', '<foreignObject', '<style', '@import']) expect(svg, `${state}: ${forbidden}`).not.toContain(forbidden);
      expect(svg).not.toMatch(/\son\w+=/);
      // Every element that opens is closed or self-closing: the image parses as XML.
      const opened = [...svg.matchAll(/<(\w+)[^>]*?(\/?)>/g)].filter((match) => match[2] !== '/').map((match) => match[1]);
      const closed = [...svg.matchAll(/<\/(\w+)>/g)].map((match) => match[1]);
      expect(closed.sort()).toEqual(opened.sort());
    }
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials and nothing else', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a> — ü`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; — ü');
  });
});

describe('badgeAccessibleName', () => {
  it('says the state in words, and for an active seal the host it is verified for', () => {
    expect(badgeAccessibleName('active', 'toysmart.example')).toBe('OpenSeal privacy seal: active — verified for toysmart.example');
    expect(badgeAccessibleName('not-verified', 'fraudshop.example')).toBe('OpenSeal privacy seal: NOT VERIFIED for this site');
    const names = new Set(Object.keys(BADGE_LOOKS).map((state) => badgeAccessibleName(state as keyof typeof BADGE_LOOKS)));
    expect(names.size).toBe(6);
  });
});
