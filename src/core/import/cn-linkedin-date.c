/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The dates of a LinkedIn export, in every format its files have used. */

#include "config.h"

#include <string.h>

#include "cn-linkedin-date.h"

static int
month_from_name (const char *name)
{
  static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec" };
  gsize len = strlen (name);

  if (len < 3)
    return 0;
  for (int i = 0; i < 12; i++)
    if (g_ascii_strncasecmp (name, months[i], 3) == 0)
      return i + 1;
  return 0;
}

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Up to @max digits at *@p, moved past them; how many were read. */
static int
read_number (const char **p, int max, int *out)
{
  int n = 0;

  *out = 0;
  while (n < max && g_ascii_isdigit ((*p)[n]))
    *out = *out * 10 + ((*p)[n++] - '0');
  *p += n;
  return n;
}

/* Reads "H:MM[:SS][ AM|PM][ UTC|GMT|Z]" up to the end; FALSE on anything else. */
static gboolean
parse_time (const char *p, int *hour, int *minute, int *second)
{
  p = skip_spaces (p);
  if (*p == '\0')
    return TRUE;
  if (*p == 'T')
    p++;
  if (read_number (&p, 2, hour) == 0 || *p++ != ':' || read_number (&p, 2, minute) != 2)
    return FALSE;
  if (*p == ':' && (p++, read_number (&p, 2, second) != 2))
    return FALSE;
  if (*p == '.') /* fractions of a second */
    while (g_ascii_isdigit (*++p))
      ;
  p = skip_spaces (p);
  if (g_ascii_strncasecmp (p, "AM", 2) == 0 || g_ascii_strncasecmp (p, "PM", 2) == 0)
    {
      gboolean pm = g_ascii_toupper (*p) == 'P';

      if (*hour < 1 || *hour > 12)
        return FALSE;
      *hour = *hour % 12 + (pm ? 12 : 0);
      p = skip_spaces (p + 2);
    }
  if (g_ascii_strncasecmp (p, "UTC", 3) == 0 || g_ascii_strncasecmp (p, "GMT", 3) == 0)
    p += 3;
  else if (*p == 'Z')
    p++;
  return *skip_spaces (p) == '\0';
}

/* A month's English name or abbreviation at *@p, moved past it; 0 if none. */
static int
read_month (const char **p)
{
  char name[16];
  gsize n = 0;

  while (n + 1 < sizeof name && g_ascii_isalpha ((*p)[n]))
    {
      name[n] = (*p)[n];
      n++;
    }
  if (g_ascii_isalpha ((*p)[n]))
    return 0;
  name[n] = '\0';
  *p += n;
  return month_from_name (name);
}

static gint64
make_time (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) time = NULL;

  if (year < 100)
    year += 2000; /* LinkedIn's two-digit years are all of this century */
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return 0;
  time = g_date_time_new_utc (year, month, day, hour, minute, second);
  return time ? g_date_time_to_unix (time) : 0;
}

gint64
_cn_linkedin_parse_date (const char *text)
{
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, first;
  const char *p;
  int digits;

  if (text == NULL)
    return 0;
  p = skip_spaces (text);
  digits = read_number (&p, 4, &first);

  if (digits == 4 && *p == '-')
    {
      /* 2024-05-30[ 15:33:58 UTC] */
      year = first;
      p++;
      if (read_number (&p, 2, &month) == 0 || *p++ != '-' || read_number (&p, 2, &day) == 0)
        return 0;
    }
  else if (digits >= 1 && digits <= 2 && (*p == ' ' || *p == '-') && g_ascii_isalpha (p[1]))
    {
      /* 30 May 2024, 01-Jul-25 */
      char separator = *p++;

      day = first;
      month = read_month (&p);
      if (*p++ != separator || read_number (&p, 4, &year) < 2)
        return 0;
    }
  else if (digits >= 1 && digits <= 2 && *p == '/')
    {
      /* 1/8/18, 6:14 PM (US order) */
      month = first;
      p++;
      if (read_number (&p, 2, &day) == 0 || *p++ != '/' || read_number (&p, 4, &year) < 2)
        return 0;
      if (*p == ',')
        p++;
    }
  else
    return 0;

  if (!parse_time (p, &hour, &minute, &second))
    return 0;
  return make_time (year, month, day, hour, minute, second);
}
