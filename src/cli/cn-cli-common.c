/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Output helpers every command shares: JSON strings, tab-separated fields and
 * the standard output. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cn-cli-private.h"

void
_cn_cli_append_json_string (GString *out, const char *str)
{
  const char *p;
  const char *end;
  const char *run;

  if (str == NULL)
    {
      _cn_cli_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  end = str + strlen (str);
  for (p = run = str; p < end;)
    {
      guchar byte;
      gunichar c;
      const char *next;

      /* Eight bytes at a time while none is a control character, a quote, a
       * backslash or beyond ASCII. */
      while (end - p >= 8)
        {
          const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
          const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
          guint64 v, quote, backslash;

          memcpy (&v, p, sizeof v);
          quote = v ^ (ones * '"');
          backslash = v ^ (ones * '\\');
          if (((v | ((v - ones * 0x20) & ~v) | ((quote - ones) & ~quote) |
                ((backslash - ones) & ~backslash)) &
               highs) != 0)
            break;
          p += 8;
        }
      if (p == end)
        break;
      byte = (guchar) *p;
      if (byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\')
        {
          p++;
          continue;
        }

      if (byte >= 0x80)
        {
          c = g_utf8_get_char_validated (p, end - p);
          if (c != (gunichar) -1 && c != (gunichar) -2 && c != 0x2028 && c != 0x2029)
            {
              p = g_utf8_next_char (p);
              continue;
            }
        }
      else
        c = byte;

      _cn_cli_append_len (out, run, p - run);
      next = p + 1;
      switch (c)
        {
        case '"':
          _cn_cli_append (out, "\\\"");
          break;
        case '\\':
          _cn_cli_append (out, "\\\\");
          break;
        case '\n':
          _cn_cli_append (out, "\\n");
          break;
        case '\r':
          _cn_cli_append (out, "\\r");
          break;
        case '\t':
          _cn_cli_append (out, "\\t");
          break;
        case '\b':
          _cn_cli_append (out, "\\b");
          break;
        case '\f':
          _cn_cli_append (out, "\\f");
          break;
        case (gunichar) -1:
        case (gunichar) -2:
          _cn_cli_append (out, "\\ufffd");
          break;
        default:
          /* Control characters; line and paragraph separators break
           * JavaScript parsers. */
          g_string_append_printf (out, "\\u%04x", c);
          if (c >= 0x80)
            next = g_utf8_next_char (p);
        }
      p = run = next;
    }
  _cn_cli_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

void
_cn_cli_append_tsv_field (GString *out, const char *str)
{
  for (const char *p = str != NULL ? str : ""; *p != '\0'; p++)
    g_string_append_c (out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
}

gboolean
_cn_cli_write_stdout (GString *out)
{
  return fwrite (out->str, 1, out->len, stdout) == out->len;
}
