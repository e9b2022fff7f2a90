/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The UI benchmark's data set, drawn from a seed: the same records for the
 * generator (which writes them to a database and CSV files) and for the
 * floor program (which holds them in memory). GLib only. */

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint seed;
  guint n_contacts;
  guint n_requesters;
  guint n_requests;
  guint n_campaigns;
} BenchDataSize;

typedef struct
{
  char *name;
  char *company;
  char *position;
  const char *expertise; /* comma-separated */
} BenchContact;

typedef struct
{
  guint requester;    /* index among the requesters */
  int target;         /* index among the contacts, -1: none */
  gint64 received_at; /* Unix time */
  const char *lang;   /* "fr" or "en" */
  char *note_to_connector;
  char *note_to_target;
  int campaign; /* -1: not a campaign copy */
  gboolean repeat;
  int status; /* CnRequestStatus values: 0 new … 5 archived */
} BenchRequest;

void bench_data_size_init (BenchDataSize *size, guint seed, guint n_requests, guint n_campaigns);
void bench_data_contact (const BenchDataSize *size, guint i, BenchContact *out);
void bench_data_contact_clear (BenchContact *contact);
char *bench_data_requester_name (const BenchDataSize *size, guint i);
void bench_data_request (const BenchDataSize *size, guint i, BenchRequest *out);
void bench_data_request_clear (BenchRequest *request);

G_END_DECLS
