/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-test-ui.h"

int
main (int argc, char **argv)
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
