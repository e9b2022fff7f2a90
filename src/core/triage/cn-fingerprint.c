/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Fingerprints of notes, for finding copies of one text.
 *
 * The method follows bulk-mail detection (rspamd's shingles, MinHash with
 * locality-sensitive hashing), cut to the size of an introduction request:
 *
 * 1. Normalise: cn_text folds case, accents and typographic punctuation and
 *    cuts words; punctuation is dropped. The target's and the requester's
 *    name words are taken out wherever they are; so is a greeting at the start
 *    ("Bonjour Madame Fontanel,", "Hi there!") and a signature at the end (a
 *    last line of one to three words, a closing sentence starting with
 *    "Regards", "Merci", "Cordialement", "À bientôt"…).
 * 2. Fewer than min_words words left: the note is not comparable ("Please
 *    forward", "Hello!") and never matches anything.
 * 3. Exact hash of the normalised words, as rspamd does for short texts:
 *    notes of fewer than short_words words match only when it is equal, since
 *    one edited word already changes a third of their shingles.
 * 4. Otherwise, shingles of shingle_words consecutive words, and
 *    CN_FINGERPRINT_N_HASHES min-hash values over them: the share of equal
 *    values estimates the Jaccard similarity of the two shingle sets. Two
 *    notes match when at least match_slots values are equal.
 * 5. The index (CnTriage) finds candidates by bands of
 *    CN_FINGERPRINT_BAND_ROWS values plus the exact hash, then checks them
 *    with cn_fingerprint_matches().
 *
 * Parameters, measured with `bench-triage --explore` (tests/bench) on its
 * generated set: 100,000 notes of 20–150 words, 16% of them perturbed copies
 * in ~1,000 planted campaigns, the rest unrelated notes built from shared
 * openers, asks and closings ("I'd love to connect", "Je me permets de vous
 * contacter", "Would you be open to a 20-minute call").
 *
 * - 64 min-hash values rather than 32: with 32, two unrelated notes
 *   sharing a greeting and two stock sentences (true Jaccard 0.32) came out
 *   at 0.47; the spread of the estimate falls from 0.08 to 0.06.
 * - Each kept in 8 bits (b-bit min-hash), 72 bytes a note instead of 136
 *   with 16 bits: two different minima agree by chance once in 256, which
 *   moves the figures below by less than their noise (unrelated pairs at
 *   0.30 or more: 0.0173% with 16 bits, 0.0188% with 8; requests put in
 *   a campaign at 36/64: precision 0.9956 and 0.9954, recall 1.0 both, on
 *   the set as it is today), and saves 6.4 MB of the database for 100,000
 *   requests.
 * - Similarity of a copy with the campaign's next copy vs 277,000 pairs of
 *   unrelated notes: copies 0.1% below 0.35, 1.4% below 0.55, median 0.93;
 *   unrelated 0.05% at 0.30 or more, 0.0018% (5 pairs) at 0.40 or more, 1
 *   pair at 0.50.
 * - Shingles of 2 words, match at 36 of 64 equal values (0.56); pairs of
 *   requests put in one campaign, against the planted ones:
 *     2 words, 32/64: precision 0.9977, recall 0.9966 (requests: 0.9816)
 *     2 words, 36/64: precision 1.0000, recall 0.9864  (chosen)
 *     2 words, 40/64: precision 1.0000, recall 0.9752
 *     3 words, 32/64: precision 1.0000, recall 0.9576
 *     3 words, 36/64: precision 1.0000, recall 0.9149
 *   Three-word shingles lose a copy to every swapped word (three shingles
 *   out of ~40); single words would match notes that only share their
 *   vocabulary. 0.56 keeps precision above 0.999 with recall above 0.98:
 *   a campaign's copy needs to match one earlier copy, not all.
 * - Bands of 4 values (16 bands): with bands of 2, notes sharing stock
 *   sentences filled buckets of up to 7,000 notes (12,000 candidates per
 *   note on average, minutes for the set, on a first, less varied version
 *   of the set); with bands of 3, 1,300; with 4, 184,
 *   while a pair at similarity 0.7 still shares a band with
 *   probability 1 - (1 - 0.7^4)^16 = 0.99 (and every earlier copy is a
 *   chance).
 * - min_words 4: "Please forward, thanks!" and the like are not compared.
 *   short_words 8: below, a swapped word changes 2 of at most 7 shingles
 *   (similarity ≤ 0.5), so short notes match only when their words are the
 *   same. */

#include "config.h"

#include <string.h>

#include "cn-fingerprint-private.h"
#include "cn-text.h"

#define VERSION_BYTE 2
#define FLAG_COMPARABLE 0x01

#define OFFSET_EXACT 0
#define OFFSET_N_WORDS 4
#define OFFSET_VERSION 6
#define OFFSET_FLAGS 7
#define OFFSET_HASHES 8

G_STATIC_ASSERT (OFFSET_HASHES + CN_FINGERPRINT_N_HASHES == CN_FINGERPRINT_SIZE);
G_STATIC_ASSERT (CN_FINGERPRINT_N_HASHES % CN_FINGERPRINT_BAND_ROWS == 0);
G_STATIC_ASSERT (CN_FINGERPRINT_N_HASHES % 4 == 0);


/* Tunable for measurements only (_cn_fingerprint_tune()). */
static guint min_words = 4;
static guint short_words = 8;
static guint shingle_words = 2;
static guint match_slots = 36;

/* Signatures are at most this many words. */
#define MAX_SIGNOFF_WORDS 12
#define MAX_GREETING_WORDS 5

static inline guint64
mix64 (guint64 x)
{
  /* splitmix64's finaliser */
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

/* Multipliers and offsets of the min-hash functions h(x) = (a x + b) >> 32. */
#define N_PRODUCTS (CN_FINGERPRINT_N_HASHES / 4)
static guint64 hash_a[N_PRODUCTS];
static guint64 hash_b[N_PRODUCTS];

static gpointer
init_hashes (gpointer data)
{
  guint64 state = G_GUINT64_CONSTANT (0x436f6e6e65637465); /* "Connecte" */

  for (guint k = 0; k < N_PRODUCTS; k++)
    {
      state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      hash_a[k] = mix64 (state) | 1;
      state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      hash_b[k] = mix64 (state);
    }
  return NULL;
}

/* Folded words: only ASCII letters once folded. */
static const char *const greeting_words[] = {
  "hi",    "hello", "hey",       "dear",   "bonjour", "bonsoir",  "salut",     "coucou",
  "cher",  "chere", "chers",     "cheres", "madame",  "monsieur", "mme",       "mr",
  "mrs",   "ms",    "mlle",      "m",      "good",    "morning",  "afternoon", "evening",
  "there", "all",   "greetings", "hola",   "allo",    "re",       "dr",        "prof",
};

static const char *const signoff_words[] = {
  "regards",      "best",
  "cheers",       "thanks",
  "thank",        "many",
  "kind",         "warm",
  "warmest",      "sincerely",
  "yours",        "respectfully",
  "cordialement", "bien",
  "merci",        "belle",
  "bonne",        "a",
  "au",           "amities",
  "salutations",  "respectueusement",
  "bisous",       "see",
  "talk",         "looking",
  "hope",         "sent",
  "envoye",       "cdlt",
  "bav",          "tres",
};

/* cn_text_hash() of each word above, computed once. */
static guint32 greeting_hashes[G_N_ELEMENTS (greeting_words)];
static guint32 signoff_hashes[G_N_ELEMENTS (signoff_words)];

static gpointer
init_word_hashes (gpointer data)
{
  for (guint k = 0; k < G_N_ELEMENTS (greeting_words); k++)
    greeting_hashes[k] = cn_text_hash (greeting_words[k], strlen (greeting_words[k]));
  for (guint k = 0; k < G_N_ELEMENTS (signoff_words); k++)
    signoff_hashes[k] = cn_text_hash (signoff_words[k], strlen (signoff_words[k]));
  return NULL;
}

static gboolean
word_in (
    const CnText *text, guint i, const char *const *words, const guint32 *hashes, guint n_words)
{
  const char *word = cn_text_token_str (text, i);
  guint len = text->tokens[i].len;
  guint32 hash = text->tokens[i].hash;

  for (guint k = 0; k < n_words; k++)
    {
      if (hashes[k] == hash && strncmp (words[k], word, len) == 0 && words[k][len] == '\0')
        return TRUE;
    }
  return FALSE;
}

/* Whether the folded text between tokens i and i + 1 (or after the last
 * one) holds one of chars. */
static gboolean
gap_has (const CnText *text, guint i, const char *chars)
{
  const CnToken *tok = &text->tokens[i];
  gsize start = tok->start + tok->len;
  gsize end = i + 1 < text->n_tokens ? text->tokens[i + 1].start : text->folded_len;

  for (gsize p = start; p < end; p++)
    {
      if (strchr (chars, text->folded[p]) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Marks the words of name (folded) in text as dropped. */
static void
drop_name (const CnText *text, gboolean *drop, const char *name)
{
  CnText name_text;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    return;

  cn_text_init (&name_text, name, -1);
  for (guint n = 0; n < name_text.n_tokens; n++)
    {
      const CnToken *nt = &name_text.tokens[n];

      for (guint i = 0; i < text->n_tokens; i++)
        {
          const CnToken *t = &text->tokens[i];

          if (t->hash == nt->hash && t->len == nt->len &&
              memcmp (cn_text_token_str (text, i), cn_text_token_str (&name_text, n), t->len) == 0)
            drop[i] = TRUE;
        }
    }
  cn_text_clear (&name_text);
}

/* The range [*first, *last) of words left once the greeting and the
 * signature are taken out. */
static void
find_body (const CnText *text, guint *out_first, guint *out_last)
{
  guint first = 0;
  guint last = text->n_tokens;

  /* Greeting: a first word such as "Hello", up to the first comma, "!" or
   * line break in the next few words; else the run of greeting words. */
  /* Twice: "Hello Marc,\n\nHi, I'm…" */
  for (guint round = 0; round < 2; round++)
    {
      if (first >= last ||
          !word_in (text, first, greeting_words, greeting_hashes, G_N_ELEMENTS (greeting_words)))
        break;
      guint j;

      for (j = first; j < first + MAX_GREETING_WORDS && j < last; j++)
        {
          if (gap_has (text, j, ",!:.;\n"))
            break;
        }
      if (j < first + MAX_GREETING_WORDS && j < last)
        first = j + 1;
      else
        {
          while (first < last && word_in (text, first, greeting_words, greeting_hashes,
                                          G_N_ELEMENTS (greeting_words)))
            first++;
        }
    }

  /* A last line of one to three words is a name or a signature. */
  for (guint i = last; i > first + 1 && last - i < 3; i--)
    {
      if (gap_has (text, i - 2, "\n"))
        {
          last = i - 1;
          break;
        }
    }

  /* A closing sentence ("Best regards", "Merci d'avance !"). */
  for (guint i = last > MAX_SIGNOFF_WORDS ? last - MAX_SIGNOFF_WORDS : 0; i < last; i++)
    {
      if (i > first && (text->tokens[i].flags & CN_TOKEN_SENTENCE) &&
          word_in (text, i, signoff_words, signoff_hashes, G_N_ELEMENTS (signoff_words)))
        {
          last = i;
          break;
        }
    }

  *out_first = first;
  *out_last = MAX (first, last);
}

static inline void
put32 (guint8 *p, guint32 value)
{
  value = GUINT32_TO_LE (value);
  memcpy (p, &value, 4);
}


static inline guint32
get32 (const guint8 *p)
{
  guint32 value;

  memcpy (&value, p, 4);
  return GUINT32_FROM_LE (value);
}

void
cn_fingerprint_compute_text (CnFingerprint *fingerprint,
                             const CnText *text,
                             const char *target_name,
                             const char *requester_name)
{
  static GOnce hashes_once = G_ONCE_INIT;
  static GOnce words_once = G_ONCE_INIT;
  guint32 words_stack[256];
  guint32 *words = words_stack;
  guint16 mins[CN_FINGERPRINT_N_HASHES];
  gboolean drop_stack[256];
  gboolean *drop = drop_stack;
  guint32 exact = 2166136261u;
  guint n_words = 0;
  guint first, last;

  g_return_if_fail (fingerprint != NULL);
  g_return_if_fail (text != NULL);

  g_once (&hashes_once, init_hashes, NULL);
  g_once (&words_once, init_word_hashes, NULL);
  memset (fingerprint, 0, sizeof *fingerprint);
  fingerprint->data[OFFSET_VERSION] = VERSION_BYTE;

  if (text->n_tokens > G_N_ELEMENTS (drop_stack))
    {
      drop = g_new0 (gboolean, text->n_tokens);
      words = g_new (guint32, text->n_tokens);
    }
  else
    memset (drop, 0, text->n_tokens * sizeof *drop);

  if (requester_name != NULL && *requester_name != '\0' && target_name != NULL &&
      *target_name != '\0')
    {
      /* Both names folded at once. */
      char stack[256];
      gsize target_len = strlen (target_name);
      gsize requester_len = strlen (requester_name);
      char *both = target_len + requester_len + 2 <= sizeof stack
                       ? stack
                       : g_malloc (target_len + requester_len + 2);

      memcpy (both, target_name, target_len);
      both[target_len] = '\n';
      memcpy (both + target_len + 1, requester_name, requester_len + 1);
      drop_name (text, drop, both);
      if (both != stack)
        g_free (both);
    }
  else
    {
      drop_name (text, drop, target_name);
      drop_name (text, drop, requester_name);
    }
  find_body (text, &first, &last);

  for (guint i = first; i < last; i++)
    {
      if (drop[i])
        continue;
      words[n_words++] = text->tokens[i].hash;
      exact = (exact ^ text->tokens[i].hash) * 16777619u;
    }

  put32 (fingerprint->data + OFFSET_EXACT, n_words > 0 ? exact | 1 : 0);
  fingerprint->data[OFFSET_N_WORDS] = (guint8) MIN (n_words, G_MAXUINT16);
  fingerprint->data[OFFSET_N_WORDS + 1] = (guint8) (MIN (n_words, G_MAXUINT16) >> 8);

  if (n_words >= min_words)
    {
      guint width = MIN (shingle_words, n_words);

      fingerprint->data[OFFSET_FLAGS] = FLAG_COMPARABLE;
      memset (mins, 0xff, sizeof mins);

      /* Each of N_PRODUCTS products a x + b gives four 16-bit hash values,
       * its four quarters. The minima are taken lane by lane, which
       * vectorises. */
      for (guint i = 0; i + width <= n_words; i++)
        {
          guint64 x = 0;
          guint16 lanes[CN_FINGERPRINT_N_HASHES];

          for (guint w = 0; w < width; w++)
            x = mix64 (x ^ words[i + w]);
          for (guint k = 0; k < N_PRODUCTS; k++)
            {
              guint64 h = hash_a[k] * x + hash_b[k];

              lanes[4 * k] = (guint16) h;
              lanes[4 * k + 1] = (guint16) (h >> 16);
              lanes[4 * k + 2] = (guint16) (h >> 32);
              lanes[4 * k + 3] = (guint16) (h >> 48);
            }
          for (guint k = 0; k < CN_FINGERPRINT_N_HASHES; k++)
            mins[k] = MIN (mins[k], lanes[k]);
        }

      /* Each minimum kept in 8 bits, folded: distinct minima then agree by
       * chance once in 256, and never when both are below 256 (long notes,
       * whose minima are small). */
      for (guint k = 0; k < CN_FINGERPRINT_N_HASHES; k++)
        fingerprint->data[OFFSET_HASHES + k] = (guint8) (mins[k] ^ (mins[k] >> 8));
    }

  if (drop != drop_stack)
    {
      g_free (drop);
      g_free (words);
    }
}

void
cn_fingerprint_compute_full (CnFingerprint *fingerprint,
                             const char *note,
                             const char *target_name,
                             const char *requester_name)
{
  CnText text;

  g_return_if_fail (fingerprint != NULL);

  memset (fingerprint, 0, sizeof *fingerprint);
  fingerprint->data[OFFSET_VERSION] = VERSION_BYTE;
  if (note == NULL || !g_utf8_validate (note, -1, NULL))
    return;

  cn_text_init (&text, note, -1);
  cn_fingerprint_compute_text (fingerprint, &text, target_name, requester_name);
  cn_text_clear (&text);
}

void
cn_fingerprint_compute (CnFingerprint *fingerprint, const char *note, const char *target_name)
{
  cn_fingerprint_compute_full (fingerprint, note, target_name, NULL);
}

gboolean
cn_fingerprint_is_comparable (const CnFingerprint *fingerprint)
{
  g_return_val_if_fail (fingerprint != NULL, FALSE);

  return (fingerprint->data[OFFSET_FLAGS] & FLAG_COMPARABLE) != 0;
}

guint
cn_fingerprint_get_n_words (const CnFingerprint *fingerprint)
{
  g_return_val_if_fail (fingerprint != NULL, 0);

  return fingerprint->data[OFFSET_N_WORDS] | (fingerprint->data[OFFSET_N_WORDS + 1] << 8);
}

guint32
cn_fingerprint_get_exact_hash (const CnFingerprint *fingerprint)
{
  g_return_val_if_fail (fingerprint != NULL, 0);

  return get32 (fingerprint->data + OFFSET_EXACT);
}

static guint
count_equal (const CnFingerprint *a, const CnFingerprint *b)
{
  guint n = 0;

  const guint8 *x = a->data + OFFSET_HASHES;
  const guint8 *y = b->data + OFFSET_HASHES;

  for (guint k = 0; k < CN_FINGERPRINT_N_HASHES; k++)
    n += x[k] == y[k];
  return n;
}

static gboolean
same_words (const CnFingerprint *a, const CnFingerprint *b)
{
  return memcmp (a->data, b->data, OFFSET_VERSION) == 0;
}

double
cn_fingerprint_similarity (const CnFingerprint *a, const CnFingerprint *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  if (!cn_fingerprint_is_comparable (a) || !cn_fingerprint_is_comparable (b))
    return 0.0;
  if (same_words (a, b))
    return 1.0;
  return (double) count_equal (a, b) / CN_FINGERPRINT_N_HASHES;
}

gboolean
cn_fingerprint_matches (const CnFingerprint *a, const CnFingerprint *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (!cn_fingerprint_is_comparable (a) || !cn_fingerprint_is_comparable (b))
    return FALSE;
  if (same_words (a, b))
    return TRUE;
  if (MIN (cn_fingerprint_get_n_words (a), cn_fingerprint_get_n_words (b)) < short_words)
    return FALSE;
  return count_equal (a, b) >= match_slots;
}

void
cn_fingerprint_get_keys (const CnFingerprint *fingerprint, guint64 *keys)
{
  const guint8 *hashes = fingerprint->data + OFFSET_HASHES;

  for (guint b = 0; b < CN_FINGERPRINT_N_BANDS; b++)
    {
      guint64 key = mix64 (b + 1);

      for (guint r = 0; r < CN_FINGERPRINT_BAND_ROWS; r++)
        key = mix64 (key ^ hashes[b * CN_FINGERPRINT_BAND_ROWS + r]);
      keys[b] = key;
    }
  keys[CN_FINGERPRINT_N_BANDS] = mix64 (G_GUINT64_CONSTANT (0x45584143) ^
                                        ((guint64) get32 (fingerprint->data) << 16) ^
                                        cn_fingerprint_get_n_words (fingerprint));
}

gboolean
cn_fingerprint_same_key (const CnFingerprint *a, const CnFingerprint *b, guint key)
{
  if (key < CN_FINGERPRINT_N_BANDS)
    {
      gsize at = OFFSET_HASHES + key * CN_FINGERPRINT_BAND_ROWS;

      return memcmp (a->data + at, b->data + at, CN_FINGERPRINT_BAND_ROWS) == 0;
    }
  return get32 (a->data + OFFSET_EXACT) == get32 (b->data + OFFSET_EXACT) &&
         cn_fingerprint_get_n_words (a) == cn_fingerprint_get_n_words (b);
}

/* For measurements (bench-triage --explore): the rule's parameters. */
void
_cn_fingerprint_tune (guint min, guint short_, guint shingle, guint slots)
{
  min_words = min;
  short_words = short_;
  shingle_words = shingle;
  match_slots = slots;
}
