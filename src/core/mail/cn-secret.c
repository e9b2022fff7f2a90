/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "cn-secret.h"

/* clang-format off */
G_DEFINE_QUARK (cn-secret-error-quark, cn_secret_error)
/* clang-format on */

static const SecretSchema password_schema = {
  "io.github.connecteur.Connecteur.Password",
  SECRET_SCHEMA_NONE,
  {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
  },
};

/* Session passwords */

/* "server\nuser" → password, for when no keyring is available. */
static GMutex session_lock;
static GHashTable *session_passwords;

static void
wipe_free (gpointer password)
{
  secret_password_free (password);
}

static char *
session_key (const char *server, const char *user)
{
  return g_strconcat (server != NULL ? server : "", "\n", user != NULL ? user : "", NULL);
}

void
cn_secret_set_session_password (const char *server, const char *user, const char *password)
{
  g_mutex_lock (&session_lock);
  if (session_passwords == NULL)
    session_passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  /* Replacing a value wipes the old one (wipe_free). */
  if (password != NULL)
    g_hash_table_replace (session_passwords, session_key (server, user), g_strdup (password));
  else
    {
      g_autofree char *key = session_key (server, user);
      g_hash_table_remove (session_passwords, key);
    }
  g_mutex_unlock (&session_lock);
}

static char *
get_session_password (const char *server, const char *user)
{
  g_autofree char *key = session_key (server, user);
  char *password = NULL;

  g_mutex_lock (&session_lock);
  if (session_passwords != NULL)
    password = g_strdup (g_hash_table_lookup (session_passwords, key));
  g_mutex_unlock (&session_lock);
  return password;
}

void
cn_secret_free (char *password)
{
  /* Wipes the bytes before freeing them. */
  secret_password_free (password);
}

/* One call to the keyring, with its timeout */

typedef enum {
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpKind;

/* Owned by libsecret's callback, which always comes; the timeout may return
 * the task earlier. */
typedef struct
{
  OpKind kind;
  GTask *task; /* NULL once returned */
  GCancellable *own;
  GCancellable *caller;
  gulong caller_handler;
  GSource *timeout;
  char *server, *user;
} Op;

static void
op_free (Op *op)
{
  if (op->caller_handler != 0)
    g_cancellable_disconnect (op->caller, op->caller_handler);
  if (op->timeout != NULL)
    {
      g_source_destroy (op->timeout);
      g_source_unref (op->timeout);
    }
  g_clear_object (&op->caller);
  g_clear_object (&op->own);
  g_clear_object (&op->task);
  g_free (op->server);
  g_free (op->user);
  g_free (op);
}

static void
on_caller_cancelled (GCancellable *caller, gpointer own)
{
  g_cancellable_cancel (own);
}

static gboolean
on_timeout (gpointer data)
{
  Op *op = data;

  /* A locked keyring may wait for a prompt forever: give up now, and let
   * libsecret's late answer be dropped. */
  if (op->task != NULL)
    {
      GTask *task = g_steal_pointer (&op->task);

      g_task_return_new_error (task, CN_SECRET_ERROR, CN_SECRET_ERROR_TIMEOUT,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The keyring did not answer within %d second.",
                                            "The keyring did not answer within %d seconds.",
                                            CN_SECRET_TIMEOUT_SECONDS),
                               CN_SECRET_TIMEOUT_SECONDS);
      g_object_unref (task);
    }
  g_cancellable_cancel (op->own);
  g_clear_pointer (&op->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static Op *
op_new (OpKind kind,
        const char *server,
        const char *user,
        GCancellable *cancellable,
        GAsyncReadyCallback callback,
        gpointer user_data)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->server = g_strdup (server);
  op->user = g_strdup (user);
  op->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (op->task, op_new);
  op->own = g_cancellable_new ();
  if (cancellable != NULL)
    {
      op->caller = g_object_ref (cancellable);
      op->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                  op->own, NULL);
    }
  op->timeout = g_timeout_source_new_seconds (CN_SECRET_TIMEOUT_SECONDS);
  g_source_set_callback (op->timeout, on_timeout, op, NULL);
  g_source_set_name (op->timeout, "[connecteur] keyring timeout");
  g_source_attach (op->timeout, g_main_context_get_thread_default ());
  return op;
}

/* The keyring's failures in plain words; the original (which never holds the
 * password) goes to the debug log only. Whatever the cause (no bus, no
 * service, no dbus-launch, a locked or broken keyring), the remedy offered is
 * the same: a password for this session. */
static GError *
translate_error (GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  g_debug ("Keyring: %s", error->message);
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new_literal (CN_SECRET_ERROR, CN_SECRET_ERROR_UNAVAILABLE,
                                _("The keyring is locked."));
  return g_error_new_literal (CN_SECRET_ERROR, CN_SECRET_ERROR_UNAVAILABLE,
                              _("No keyring is available to keep the password."));
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Op *op = data;
  g_autoptr(GError) error = NULL;
  char *password = NULL;
  gboolean ok = FALSE;

  switch (op->kind)
    {
    case OP_STORE:
      ok = secret_password_store_finish (result, &error);
      break;
    case OP_LOOKUP:
      password = secret_password_lookup_finish (result, &error);
      ok = error == NULL;
      break;
    case OP_CLEAR:
      /* FALSE without an error: there was nothing to clear. */
      secret_password_clear_finish (result, &error);
      ok = error == NULL;
      break;
    default:
      g_assert_not_reached ();
    }

  if (op->task == NULL) /* timed out already */
    cn_secret_free (password);
  else if (!ok)
    g_task_return_error (op->task, translate_error (error));
  else if (op->kind == OP_LOOKUP)
    g_task_return_pointer (op->task, password, (GDestroyNotify) cn_secret_free);
  else
    {
      /* The keyring has it now: a session password would hide it. */
      if (op->kind == OP_STORE)
        cn_secret_set_session_password (op->server, op->user, NULL);
      g_task_return_boolean (op->task, TRUE);
    }

  op_free (op);
}

void
cn_secret_store_async (const char *server,
                       const char *user,
                       const char *password,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  Op *op;
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL && user != NULL && password != NULL);

  op = op_new (OP_STORE, server, user, cancellable, callback, user_data);
  /* Shown in the keyring manager (Passwords and Keys). */
  label = g_strdup_printf (_("Connecteur: %s on %s"), user, server);
  secret_password_store (&password_schema, SECRET_COLLECTION_DEFAULT, label, password, op->own,
                         on_done, op, "server", server, "user", user, NULL);
}

gboolean
cn_secret_store_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cn_secret_lookup_async (const char *server,
                        const char *user,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  char *session;
  Op *op;

  g_return_if_fail (server != NULL && user != NULL);

  session = get_session_password (server, user);
  if (session != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

      g_task_set_source_tag (task, op_new);
      g_task_return_pointer (task, session, (GDestroyNotify) cn_secret_free);
      return;
    }

  op = op_new (OP_LOOKUP, server, user, cancellable, callback, user_data);
  secret_password_lookup (&password_schema, op->own, on_done, op, "server", server, "user", user,
                          NULL);
}

char *
cn_secret_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cn_secret_clear_async (const char *server,
                       const char *user,
                       GCancellable *cancellable,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  Op *op;

  g_return_if_fail (server != NULL && user != NULL);

  cn_secret_set_session_password (server, user, NULL);
  op = op_new (OP_CLEAR, server, user, cancellable, callback, user_data);
  secret_password_clear (&password_schema, op->own, on_done, op, "server", server, "user", user,
                         NULL);
}

gboolean
cn_secret_clear_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
