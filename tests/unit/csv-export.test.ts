import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '@/lib/lists/csv-export';

describe('CSV fields', () => {
  it('quotes commas, quotes and line breaks, and writes dates in ISO form', () => {
    expect(csvLine(['plain', 'a, b', 'say "hi"', 'two\nlines', null, 3, new Date('2026-01-02T03:04:05Z')])).toBe('plain,"a, b","say ""hi""","two\nlines",,3,2026-01-02T03:04:05.000Z\r\n');
  });

  it('never lets a spreadsheet compute a cell written by the public', () => {
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csvField('+1-555')).toBe("'+1-555");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2')).toBe("'-2");
    // Numbers are ours, not text typed by someone: left as they are.
    expect(csvField(-2)).toBe('-2');
  });
});
