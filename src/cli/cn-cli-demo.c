/* SPDX-License-Identifier: GPL-3.0-or-later */

/* demo: the example contacts and requests added to the database. */

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cn-cli-private.h"
#include "cn-demo.h"

int
_cn_cli_command_demo (CnStore *store, CnCliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = g_filename_display_name (cn_store_get_path (store));
  int n;

  n = cn_demo_load (store, &error);
  if (n < 0)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  g_print (ngettext ("Added %d example request to “%s”.\n", "Added %d example requests to “%s”.\n",
                     n),
           n, display_name);
  return EXIT_SUCCESS;
}
