/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The zip reader (cn-zip.h). Input: a file, opened as an archive; every
 * entry is listed, looked up by its base name and extracted twice (in order,
 * then in reverse: one entry's failure must not spoil the next). Checks the
 * errors promised, names in UTF-8, sizes as declared and under the cap. */

#include "config.h"

#include <string.h>

#include "cn-zip.h"
#include "fuzz-common.h"

/* Small, so that a lying size is refused quickly and memory stays low. */
#define MAX_SIZE (G_GUINT64_CONSTANT (4) * 1024 * 1024)

static void
bytes_unref0 (gpointer bytes)
{
  if (bytes != NULL)
    g_bytes_unref (bytes);
}

static gboolean
is_folder (const char *name)
{
  return g_str_has_suffix (name, "/");
}

static guint
depth_of (const char *name)
{
  guint depth = 0;

  for (const char *p = name; *p != '\0'; p++)
    depth += *p == '/';
  return depth;
}

static void
check_find (CnZip *zip, guint index)
{
  const char *name = cn_zip_get_name (zip, index);
  const char *slash = strrchr (name, '/');
  const char *base = slash != NULL ? slash + 1 : name;
  g_autofree char *folded = g_utf8_casefold (base, -1);
  const char *found_name;
  g_autofree char *found_folded = NULL;
  const char *found_slash;
  int found = cn_zip_find (zip, base);

  cn_fuzz_assert (found >= 0 && (guint) found < cn_zip_get_n_entries (zip),
                  "entry \"%s\" not found by its base name \"%s\"", name, base);
  found_name = cn_zip_get_name (zip, (guint) found);
  found_slash = strrchr (found_name, '/');
  found_folded = g_utf8_casefold (found_slash != NULL ? found_slash + 1 : found_name, -1);
  cn_fuzz_assert (!is_folder (found_name) && strcmp (folded, found_folded) == 0,
                  "looking for \"%s\" found \"%s\"", base, found_name);
  cn_fuzz_assert (depth_of (found_name) <= depth_of (name),
                  "looking for \"%s\" found \"%s\", deeper than \"%s\"", base, found_name, name);
}

/* The entry's content, or NULL with the error's code in @out_code. */
static GBytes *
extract (CnZip *zip, guint index, int *out_code)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = cn_zip_extract (zip, index, MAX_SIZE, &error);
  const char *name = cn_zip_get_name (zip, index);
  guint64 declared = cn_zip_get_size (zip, index);

  if (bytes == NULL)
    {
      cn_fuzz_assert (error != NULL, "extracting \"%s\" failed without an error", name);
      cn_fuzz_assert (error->domain == G_IO_ERROR && (error->code == G_IO_ERROR_MESSAGE_TOO_LARGE ||
                                                      error->code == G_IO_ERROR_NOT_SUPPORTED ||
                                                      error->code == G_IO_ERROR_INVALID_DATA),
                      "extracting \"%s\" failed with %s %d: %s", name,
                      g_quark_to_string (error->domain), error->code, error->message);
      cn_fuzz_check_utf8 ("error message", error->message, FALSE);
      *out_code = error->code;
      return NULL;
    }
  cn_fuzz_assert (error == NULL, "extracting \"%s\" worked with an error", name);
  cn_fuzz_assert (declared <= MAX_SIZE,
                  "\"%s\" extracted, %" G_GUINT64_FORMAT " bytes over the cap", name, declared);
  cn_fuzz_assert (g_bytes_get_size (bytes) == declared,
                  "\"%s\" extracted to %" G_GSIZE_FORMAT " bytes, %" G_GUINT64_FORMAT " declared",
                  name, g_bytes_get_size (bytes), declared);
  *out_code = -1;
  return bytes;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(CnZip) zip = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GArray) first_codes = NULL;
  g_autofree char *path = NULL;
  gboolean magic;
  guint n;

  cn_fuzz_init ();
  path = cn_fuzz_write_file ("input.zip", data, size);

  /* "Starts like a zip archive": a local header or an empty archive's end. */
  magic = size >= 4 && (memcmp (data, "PK\003\004", 4) == 0 || memcmp (data, "PK\005\006", 4) == 0);
  cn_fuzz_assert (cn_zip_is_zip (path) == magic, "cn_zip_is_zip() is %d for magic %d", !magic,
                  magic);

  zip = cn_zip_open (path, &error);
  if (zip == NULL)
    {
      cn_fuzz_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA),
                      "cn_zip_open() failed with %s", error != NULL ? error->message : "no error");
      cn_fuzz_check_utf8 ("error message", error->message, FALSE);
      return 0;
    }
  cn_fuzz_assert (error == NULL, "cn_zip_open() worked with an error");

  n = cn_zip_get_n_entries (zip);
  first = g_ptr_array_new_full (n, bytes_unref0);
  first_codes = g_array_sized_new (FALSE, TRUE, sizeof (int), n);
  g_ptr_array_set_size (first, n);
  g_array_set_size (first_codes, n);
  for (guint i = 0; i < n; i++)
    {
      const char *name = cn_zip_get_name (zip, i);

      cn_fuzz_check_utf8 ("entry name", name, FALSE);
      if (is_folder (name))
        continue;
      /* A nameless entry ("" or "dir/") cannot be looked up by name. */
      if (*name != '\0')
        check_find (zip, i);
      first->pdata[i] = extract (zip, i, &g_array_index (first_codes, int, i));
    }

  for (guint i = n; i-- > 0;)
    {
      g_autoptr(GBytes) again = NULL;
      GBytes *before = g_ptr_array_index (first, i);
      int code = -1;

      if (is_folder (cn_zip_get_name (zip, i)))
        continue;
      again = extract (zip, i, &code);
      cn_fuzz_assert (code == g_array_index (first_codes, int, i) &&
                          (again == NULL || g_bytes_equal (again, before)),
                      "\"%s\" extracted twice with different results", cn_zip_get_name (zip, i));
    }
  return 0;
}
