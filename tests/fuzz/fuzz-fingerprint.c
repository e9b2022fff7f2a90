/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Note fingerprints (cn-fingerprint.h). Input: fields separated by NUL
 * bytes: a note, the target's name, the requester's name, another note.
 *
 * Checks: the same bytes every time; a note that is not valid UTF-8 is not
 * comparable; similarity within [0, 1] and symmetric, 1 with itself when
 * comparable (0 when not), matching symmetric and only between comparable
 * notes; a copy that differs only in (ASCII) case has the same fingerprint;
 * equal words give equal exact keys. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cn-fingerprint.h"
#include "fuzz-common.h"

static void
check_self (const CnFingerprint *a)
{
  gboolean comparable = cn_fingerprint_is_comparable (a);
  double self = cn_fingerprint_similarity (a, a);

  cn_fuzz_assert (self == (comparable ? 1.0 : 0.0), "similarity %g with itself (comparable %d)",
                  self, comparable);
  cn_fuzz_assert (cn_fingerprint_matches (a, a) == comparable, "matches itself: %d, comparable: %d",
                  cn_fingerprint_matches (a, a), comparable);
}

static void
check_pair (const CnFingerprint *a, const CnFingerprint *b)
{
  double ab = cn_fingerprint_similarity (a, b);
  double ba = cn_fingerprint_similarity (b, a);
  gboolean match = cn_fingerprint_matches (a, b);
  guint64 keys_a[CN_FINGERPRINT_N_KEYS];
  guint64 keys_b[CN_FINGERPRINT_N_KEYS];

  cn_fuzz_assert (!isnan (ab) && ab >= 0.0 && ab <= 1.0, "similarity %g", ab);
  cn_fuzz_assert (ab == ba, "similarity %g one way, %g the other", ab, ba);
  cn_fuzz_assert (match == cn_fingerprint_matches (b, a), "matches one way only");
  cn_fuzz_assert (!match || (cn_fingerprint_is_comparable (a) && cn_fingerprint_is_comparable (b)),
                  "a note that is not comparable matches");

  /* The exact key is what finds copies of a short note: same words, same key. */
  cn_fingerprint_get_keys (a, keys_a);
  cn_fingerprint_get_keys (b, keys_b);
  if (cn_fingerprint_get_exact_hash (a) == cn_fingerprint_get_exact_hash (b) &&
      cn_fingerprint_get_n_words (a) == cn_fingerprint_get_n_words (b))
    cn_fuzz_assert (keys_a[CN_FINGERPRINT_N_KEYS - 1] == keys_b[CN_FINGERPRINT_N_KEYS - 1],
                    "equal words, different exact keys");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(CnFuzzFields) fields = NULL;
  g_autofree char *upper = NULL;
  const char *note, *target, *requester, *other;
  CnFingerprint a, again, up, b;
  guint64 keys[CN_FINGERPRINT_N_KEYS], keys_again[CN_FINGERPRINT_N_KEYS];

  cn_fuzz_init ();
  fields = cn_fuzz_fields_new (data, size, 4);
  note = cn_fuzz_fields_get (fields, 0);
  target = cn_fuzz_fields_get (fields, 1);
  requester = cn_fuzz_fields_get (fields, 2);
  other = cn_fuzz_fields_get (fields, 3);

  cn_fingerprint_compute_full (&a, note, target, requester);
  cn_fingerprint_compute_full (&again, note, target, requester);
  cn_fuzz_assert (memcmp (&a, &again, sizeof a) == 0, "two fingerprints of one note differ");
  cn_fingerprint_get_keys (&a, keys);
  cn_fingerprint_get_keys (&again, keys_again);
  cn_fuzz_assert (memcmp (keys, keys_again, sizeof keys) == 0, "two sets of keys differ");
  if (note == NULL || !g_utf8_validate (note, -1, NULL))
    cn_fuzz_assert (!cn_fingerprint_is_comparable (&a), "a note that is not UTF-8 is comparable");
  check_self (&a);

  /* Case does not make another text. */
  if (note != NULL)
    {
      upper = g_ascii_strup (note, -1);
      cn_fingerprint_compute_full (&up, upper, target, requester);
      cn_fuzz_assert (memcmp (&a, &up, sizeof a) == 0,
                      "the note in capitals has another fingerprint (%u words, exact %08x; "
                      "capitals: %u words, exact %08x)",
                      cn_fingerprint_get_n_words (&a), cn_fingerprint_get_exact_hash (&a),
                      cn_fingerprint_get_n_words (&up), cn_fingerprint_get_exact_hash (&up));
    }

  cn_fingerprint_compute (&b, other, target);
  check_self (&b);
  check_pair (&a, &b);
  check_pair (&a, &a);
  return 0;
}
