/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Folding: the one rule that makes two texts comparable whatever their case
 * and accents. Every key and every match is built on it: the analyzer's
 * CnText below (and the fingerprints of notes), the import's keys of names
 * and column headers, the contacts search, the requester keys of the triage,
 * the cues read in e-mails.
 *
 * A character folds on its own (folding a text folds each of its
 * characters), to at most CN_TEXT_FOLD_MAX bytes of UTF-8 and never more
 * than one and a half times its own length:
 * - ASCII: letters in lower case; any other ASCII character as it is;
 * - other letters and digits: lower case, without accents or any other
 *   non-spacing mark ("É" → "e", "ñ" → "n", "ά" → "α", "й" → "и");
 *   the letters that do not decompose that way are spelled in ASCII:
 *   æ → ae, œ → oe, ß ẞ → ss, ĳ → ij, ǆ ǳ → dz, ǉ → lj, ǌ → nj, þ → th,
 *   ø → o, đ ð → d, ł ŀ → l, ħ → h, ŧ → t, ı → i, ſ → s, and the ligatures
 *   ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ → ff fi fl ffi ffl st st; Greek final ς → σ. Letters of
 *   other scripts (Hangul syllables among them) stay, in lower case;
 * - combining marks that take no room (accents) → nothing; spacing marks
 *   (the vowel signs of Indic scripts) stay;
 * - typographic punctuation made plain: ‘ ’ ‛ ′ ʼ → ', “ ” „ « » → ",
 *   hyphens, dashes and minus → -, … → ., line and paragraph separators → a
 *   newline;
 * - any other space, punctuation or symbol → a space. */
#define CN_TEXT_FOLD_MAX 4

/* Writes @c folded to @out; returns its length in bytes (0 to 4). */
gsize cn_text_fold_char (gunichar c, char out[CN_TEXT_FOLD_MAX]);
/* Appends @utf8 (@len bytes, -1: up to its NUL) folded to @out; bytes that
 * are not UTF-8 are skipped. The contacts search's policy. */
void cn_text_fold (GString *out, const char *utf8, gssize len);
/* A matching key: @utf8 folded, then only its letters and digits, each run
 * of anything else made one space between two words and dropped at the
 * ends: " Élodie  DURAND-Strauß " → "elodie durand strauss". Appends to @out
 * (nothing when @utf8 has no letter or digit). The policy of names and
 * labels: the import's contact keys and column headers, LinkedIn's names,
 * the triage's requester names. */
void cn_text_fold_words (GString *out, const char *utf8, gssize len);

/* A note folded once for matching (cn_text_fold_char()) and cut into words
 * that remember where they are in the original, in characters and in bytes.
 * Internal to the analyzer. */

typedef enum {
  CN_TOKEN_NUMBER = 1 << 0,   /* only digits */
  CN_TOKEN_SENTENCE = 1 << 1, /* first word of a sentence or line */
} CnTokenFlags;

typedef struct
{
  guint32 start;      /* byte offset in the folded text */
  guint16 len;        /* bytes; longer words are cut at 65535 */
  guint16 flags;      /* CnTokenFlags */
  guint32 hash;       /* cn_text_hash() of the word */
  guint32 char_start; /* characters of the original, end exclusive */
  guint32 char_end;
  guint32 byte_start; /* bytes of the original, end exclusive */
  guint32 byte_end;
} CnToken;

typedef struct
{
  char *folded; /* followed by 8 zero bytes */
  gsize folded_len;
  guint n_chars; /* characters in the original */
  CnToken *tokens;
  guint n_tokens;
  gsize folded_size; /* allocated, kept by cn_text_reset() */
  guint tokens_size;
} CnText;

/* Folds and cuts text in one pass; text must be valid UTF-8 (len may be -1). */
void cn_text_init (CnText *text, const char *utf8, gssize len);
/* The same on a text already initialised, reusing its buffers. */
void cn_text_reset (CnText *text, const char *utf8, gssize len);
void cn_text_clear (CnText *text);

/* The character span covered by tokens [first, last]. */
static inline void
cn_text_token_chars (const CnText *text, guint first, guint last, guint *start, guint *end)
{
  *start = text->tokens[first].char_start;
  *end = text->tokens[last].char_end;
}

static inline const char *
cn_text_token_str (const CnText *text, guint i)
{
  return text->folded + text->tokens[i].start;
}

guint32 cn_text_hash (const char *str, gsize len);

/* g_utf8_validate_len(): the same verdict and *end (may be NULL), runs of
 * ASCII read 8 bytes at a time. */
gboolean cn_text_validate_utf8 (const char *text, gsize len, const char **end);

/* Keys that are only lower-cased, not folded (e-mail addresses, URLs). */

/* g_utf8_strdown() then g_strstrip() of @str, valid UTF-8, in a new string. */
char *cn_text_lower_strip (const char *str);
/* The key of a profile's address, the same for the import's contacts and
 * the triage's requesters: lower case, without scheme, "www.", query,
 * fragment or closing slashes. "https://www.LinkedIn.com/in/José/?trk=y" →
 * "linkedin.com/in/josé". @url must be valid UTF-8; NULL when nothing is
 * left. */
char *cn_text_profile_key (const char *url);

G_END_DECLS
