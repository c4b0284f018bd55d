/**
 * Streaming pre-pass over SMS Backup & Restore XML text that removes the base64 `data` attribute
 * values of MMS `<part>` elements before the XML parser sees them, replacing each by an empty value
 * plus `custos-data-length="<characters>"`. The transcript needs only that a part has data and how
 * big it is; the XML parser (sax) builds attribute values one character at a time, which for
 * multi-megabyte media is slow and memory-hungry. Line breaks inside a removed value are kept so
 * that line numbers stay those of the original file.
 *
 * Linear time: one character loop that jumps (`indexOf`) over text between tags and over attribute
 * values, no regular expressions. Only element tags are inspected; comments, processing
 * instructions, CDATA and declarations are passed through untouched.
 */

const enum S {
  Text,
  Lt,
  Bang,
  Comment,
  Cdata,
  Decl,
  Pi,
  TagName,
  Tag,
  AttrName,
  AfterAttrName,
  BeforeValue,
  Value,
  SkipValue,
}

/** The name of the attribute that carries the removed value's length. */
export const DATA_LENGTH_ATTRIBUTE = 'custos-data-length';

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Push transformer: `push(text)` returns the transformed text so far. */
export class PartDataStripper {
  #s: S = S.Text;
  #bang = '';
  #tag = '';
  #attr = '';
  #quote = 0;
  #quoteChar = '"';
  #run = 0; // comment dashes / cdata brackets / pi question mark
  #skipped = 0;
  #newlines = 0;

  /** Transforms the next piece of text. */
  push(text: string): string {
    const out: string[] = [];
    let copy = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      switch (this.#s) {
        case S.Text: {
          // nothing but '<' matters here: jump to it
          const lt = c === 0x3c ? i : text.indexOf('<', i);
          if (lt < 0) i = n;
          else {
            i = lt;
            this.#s = S.Lt;
          }
          break;
        }
        case S.Lt:
          if (c === 0x21) {
            this.#s = S.Bang;
            this.#bang = '';
          } else if (c === 0x3f) {
            this.#s = S.Pi;
            this.#run = 0;
          } else {
            this.#s = S.TagName;
            this.#tag = String.fromCharCode(c);
          }
          break;
        case S.Bang:
          this.#bang += String.fromCharCode(c);
          if (this.#bang === '--') {
            this.#s = S.Comment;
            this.#run = 0;
          } else if (this.#bang === '[CDATA[') {
            this.#s = S.Cdata;
            this.#run = 0;
          } else if (!'--'.startsWith(this.#bang) && !'[CDATA['.startsWith(this.#bang)) {
            this.#s = c === 0x3e ? S.Text : S.Decl;
          }
          break;
        case S.Comment:
          if (c === 0x3e && this.#run >= 2) this.#s = S.Text;
          this.#run = c === 0x2d ? this.#run + 1 : 0;
          break;
        case S.Cdata:
          if (c === 0x3e && this.#run >= 2) this.#s = S.Text;
          this.#run = c === 0x5d ? this.#run + 1 : 0;
          break;
        case S.Decl:
          if (c === 0x3e) this.#s = S.Text;
          break;
        case S.Pi:
          if (c === 0x3e && this.#run === 1) this.#s = S.Text;
          this.#run = c === 0x3f ? 1 : 0;
          break;
        case S.TagName:
          if (isSpace(c)) this.#s = S.Tag;
          else if (c === 0x3e) this.#s = S.Text;
          else if (c === 0x2f) this.#s = S.Tag;
          else if (this.#tag.length < 16) this.#tag += String.fromCharCode(c);
          break;
        case S.Tag:
          if (c === 0x3e) this.#s = S.Text;
          else if (!isSpace(c) && c !== 0x2f) {
            this.#s = S.AttrName;
            this.#attr = String.fromCharCode(c);
          }
          break;
        case S.AttrName:
          if (c === 0x3d) this.#s = S.BeforeValue;
          else if (isSpace(c)) this.#s = S.AfterAttrName;
          else if (c === 0x3e) this.#s = S.Text;
          else if (this.#attr.length < 16) this.#attr += String.fromCharCode(c);
          break;
        case S.AfterAttrName:
          if (c === 0x3d) this.#s = S.BeforeValue;
          else if (c === 0x3e) this.#s = S.Text;
          else if (!isSpace(c)) {
            this.#s = S.AttrName;
            this.#attr = String.fromCharCode(c);
          }
          break;
        case S.BeforeValue:
          if (c === 0x22 || c === 0x27) {
            this.#quote = c;
            this.#quoteChar = c === 0x22 ? '"' : "'";
            if (this.#tag === 'part' && this.#attr === 'data') {
              out.push(text.slice(copy, i + 1));
              this.#s = S.SkipValue;
              this.#skipped = 0;
              this.#newlines = 0;
            } else this.#s = S.Value;
          } else if (c === 0x3e) this.#s = S.Text;
          else if (!isSpace(c)) this.#s = S.Tag; // unquoted value: leave it to the XML parser
          break;
        case S.Value: {
          const q = c === this.#quote ? i : text.indexOf(this.#quoteChar, i);
          if (q < 0) i = n;
          else {
            i = q;
            this.#s = S.Tag;
          }
          break;
        }
        case S.SkipValue: {
          const q = c === this.#quote ? i : text.indexOf(this.#quoteChar, i);
          const end = q < 0 ? n : q;
          this.#skipped += end - i;
          for (let nl = text.indexOf('\n', i); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1))
            this.#newlines++;
          if (q < 0) {
            i = n;
            break;
          }
          out.push(
            '\n'.repeat(this.#newlines),
            this.#quoteChar,
            ` ${DATA_LENGTH_ATTRIBUTE}="${this.#skipped}"`,
          );
          i = q;
          copy = i + 1;
          this.#s = S.Tag;
          break;
        }
      }
    }
    if (this.#s !== S.SkipValue) out.push(text.slice(copy));
    return out.length === 1 ? (out[0] as string) : out.join('');
  }
}
