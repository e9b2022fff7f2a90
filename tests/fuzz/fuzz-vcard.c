/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The vCard reader, cn_vcard_read() in cn-import.h. Input: the
 * file. Checks the readers' contract (cn_fuzz_run_reader()): valid UTF-8 in
 * every field, names present and trimmed, nothing appended by a failed read. */

#include "config.h"

#include "cn-import.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *path = NULL;

  cn_fuzz_init ();
  path = cn_fuzz_write_file ("input.vcf", data, size);
  cn_fuzz_run_reader (cn_vcard_read, path, "input.vcf");
  return 0;
}
