/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Mail passwords in the keyring (libsecret, Secret portal in a Flatpak),
 * under a schema of ours ("io.github.connecteur.Connecteur.Password") with
 * the attributes "server" and "user". Never in the database, settings, logs
 * or error messages.
 *
 * Every call is asynchronous with a cancellable and gives up after
 * CN_SECRET_TIMEOUT_SECONDS (a locked keyring may wait forever for a prompt):
 * CN_SECRET_ERROR_TIMEOUT. Without a secret service: CN_SECRET_ERROR_UNAVAILABLE,
 * and the app offers a password for this session only
 * (cn_secret_set_session_password()). */

#define CN_SECRET_TIMEOUT_SECONDS 10

#define CN_SECRET_ERROR (cn_secret_error_quark ())
typedef enum {
  CN_SECRET_ERROR_UNAVAILABLE, /* no secret service */
  CN_SECRET_ERROR_TIMEOUT,
  CN_SECRET_ERROR_FAILED,
} CnSecretError;
GQuark cn_secret_error_quark (void);

void cn_secret_store_async (const char *server,
                            const char *user,
                            const char *password,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
gboolean cn_secret_store_finish (GAsyncResult *result, GError **error);

/* The password, or NULL without error when none is stored. Free with
 * cn_secret_free (it is wiped). A session password set for the same server
 * and user is returned first, without asking the keyring. */
void cn_secret_lookup_async (const char *server,
                             const char *user,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
char *cn_secret_lookup_finish (GAsyncResult *result, GError **error);

void cn_secret_clear_async (const char *server,
                            const char *user,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
gboolean cn_secret_clear_finish (GAsyncResult *result, GError **error);

/* For this session only, in memory (NULL forgets it). */
void cn_secret_set_session_password (const char *server, const char *user, const char *password);
/* Wipes and frees. */
void cn_secret_free (char *password);

G_END_DECLS
