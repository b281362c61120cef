/*
 * mod_time.c — the time module: clocks (time, monotonic, perf_counter,
 * process_time and their _ns forms), sleep, and calendar conversions
 * (gmtime, localtime, mktime, asctime, ctime, strftime) on
 * time.struct_time, a tuple subtype with named fields as in CPython.
 * time.sleep is the one blocking call; it is where the GIL gets released.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "runtime/errors.h"
#include "runtime/mod_stdlib.h"
#include "runtime/module.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

#define FN(name) static mp_obj *name(mp_obj *self, mp_obj *const *args, size_t nargs, mp_obj *kw)

/* ---- clocks ---------------------------------------------------------------- */

static int64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* CPython's _PyTime_AsSecondsDouble. */
static mp_obj *seconds_double(int64_t ns) {
    if (ns % 1000000000 == 0)
        return mp_float_new((double)(ns / 1000000000));
    return mp_float_new((double)ns / 1e9);
}

static mp_obj *clock_fn(const char *name, size_t nargs, mp_obj *kw, clockid_t id, bool ns) {
    if (mp_arg_no_kw(name, kw) || mp_arg_count(name, nargs, 0, 0))
        return NULL;
    int64_t t = clock_ns(id);
    return ns ? mp_int_from_i64(t) : seconds_double(t);
}

FN(time_time) { return clock_fn("time", nargs, kw, CLOCK_REALTIME, false); }
FN(time_time_ns) { return clock_fn("time_ns", nargs, kw, CLOCK_REALTIME, true); }
FN(time_monotonic) { return clock_fn("monotonic", nargs, kw, CLOCK_MONOTONIC, false); }
FN(time_monotonic_ns) { return clock_fn("monotonic_ns", nargs, kw, CLOCK_MONOTONIC, true); }
FN(time_perf_counter) { return clock_fn("perf_counter", nargs, kw, CLOCK_MONOTONIC, false); }
FN(time_perf_counter_ns) { return clock_fn("perf_counter_ns", nargs, kw, CLOCK_MONOTONIC, true); }
FN(time_process_time) {
    return clock_fn("process_time", nargs, kw, CLOCK_PROCESS_CPUTIME_ID, false);
}
FN(time_process_time_ns) {
    return clock_fn("process_time_ns", nargs, kw, CLOCK_PROCESS_CPUTIME_ID, true);
}
FN(time_thread_time) { return clock_fn("thread_time", nargs, kw, CLOCK_THREAD_CPUTIME_ID, false); }
FN(time_thread_time_ns) {
    return clock_fn("thread_time_ns", nargs, kw, CLOCK_THREAD_CPUTIME_ID, true);
}

FN(time_sleep) {
    if (mp_arg_no_kw("sleep", kw) || mp_arg_count("sleep", nargs, 1, 1))
        return NULL;
    double secs;
    if (mp_float_check_any(args[0])) {
        secs = mp_float_val(args[0]);
        if (isnan(secs)) {
            mp_err_format(&mp_type_ValueError, "Invalid value NaN (not a number)");
            return NULL;
        }
    } else {
        mp_obj *i = mp_number_index(args[0]);
        if (!i)
            return NULL;
        int rc = mp_int_as_double(i, &secs);
        mp_decref(i);
        if (rc < 0)
            return NULL;
    }
    if (secs < 0) {
        mp_err_format(&mp_type_ValueError, "sleep length must be non-negative");
        return NULL;
    }
    if (secs > (double)INT64_MAX / 1e9) {
        mp_err_format(&mp_type_OverflowError, "timestamp too large to convert to C _PyTime_t");
        return NULL;
    }
    int64_t deadline = clock_ns(CLOCK_MONOTONIC) + (int64_t)ceil(secs * 1e9);
    struct timespec ts = {deadline / 1000000000, deadline % 1000000000};
    int err;
    /* blocking: release the GIL here (issue 4) */
    while ((err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)) == EINTR)
        ;
    if (err) {
        mp_err_from_errno(err, NULL);
        return NULL;
    }
    return mp_None;
}

/* glibc has no `altzone`: the offset in daylight time is taken to be an
 * hour ahead of `timezone` (the usual rule). */
#define ALTZONE(dst) ((dst) ? timezone - 3600 : timezone)

/* ---- struct_time ------------------------------------------------------------------ */

static const char *const tm_fields[] = {"tm_year", "tm_mon",  "tm_mday", "tm_hour", "tm_min",
                                        "tm_sec",  "tm_wday", "tm_yday", "tm_isdst"};
#define NFIELDS 9

/* Three variants of one Python type, by where tm_zone/tm_gmtoff come
 * from: localtime(), gmtime(), or a struct_time built from a tuple. */
enum { ZONE_LOCAL, ZONE_UTC, ZONE_NONE };

typedef struct struct_time_type {
    mp_type type;
    int zone;
} struct_time_type;

static mp_obj *struct_time_repr(mp_obj *self) {
    mp_sb sb;
    mp_sb_init(&sb, 128);
    mp_sb_add_cstr(&sb, "time.struct_time(");
    for (size_t i = 0; i < NFIELDS; i++) {
        if (i)
            mp_sb_add_cstr(&sb, ", ");
        mp_sb_add_cstr(&sb, tm_fields[i]);
        mp_sb_addc(&sb, '=');
        if (mp_sb_add_obj(&sb, mp_tuple_items(self)[i], true) < 0) {
            mp_sb_free(&sb);
            return NULL;
        }
    }
    mp_sb_addc(&sb, ')');
    return mp_sb_finish(&sb);
}

static mp_obj *struct_time_getattr(mp_obj *self, mp_obj *name) {
    for (size_t i = 0; i < NFIELDS; i++)
        if (mp_str_eq_cstr(name, tm_fields[i]))
            return mp_newref(mp_tuple_items(self)[i]);
    int zone = ((struct_time_type *)mp_typeof(self))->zone;
    bool dst = mp_tuple_items(self)[8] != mp_small(0) && mp_tuple_items(self)[8] != mp_small(-1);
    if (mp_str_eq_cstr(name, "tm_zone")) {
        if (zone == ZONE_NONE)
            return mp_None;
        return mp_str_from_cstr(zone == ZONE_UTC ? "GMT" : tzname[dst]);
    }
    if (mp_str_eq_cstr(name, "tm_gmtoff")) {
        if (zone == ZONE_NONE)
            return mp_None;
        return mp_int_from_i64(zone == ZONE_UTC ? 0 : -ALTZONE(dst));
    }
    if (mp_str_eq_cstr(name, "n_fields") || mp_str_eq_cstr(name, "n_sequence_fields"))
        return mp_small(mp_str_eq_cstr(name, "n_fields") ? 11 : 9);
    return mp_generic_getattr(self, name);
}

static mp_obj *struct_time_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kw);

#define STRUCT_TIME_TYPE(var, base_, zone_)                                                        \
    static struct_time_type var = {.type = {.head = MP_STATIC_HEADER(&mp_type_type),               \
                                            .name = "time.struct_time",                            \
                                            .base = base_,                                         \
                                            .repr = struct_time_repr,                              \
                                            .getattr = struct_time_getattr,                        \
                                            .new_ = struct_time_new},                              \
                                   .zone = zone_}
/* The two zone-aware variants derive from the plain one, so isinstance()
 * against time.struct_time holds for all three. */
STRUCT_TIME_TYPE(struct_time_plain, &mp_type_tuple, ZONE_NONE);
STRUCT_TIME_TYPE(struct_time_local, &struct_time_plain.type, ZONE_LOCAL);
STRUCT_TIME_TYPE(struct_time_utc, &struct_time_plain.type, ZONE_UTC);

/* A tuple re-typed as the struct_time variant (tuple's dealloc frees it). */
static mp_obj *struct_time_from(struct_time_type *st, mp_obj *tuple) {
    tuple->type = &st->type;
    return tuple;
}

static mp_obj *struct_time_new(mp_type *type, mp_obj *const *args, size_t nargs, mp_obj *kw) {
    if (mp_arg_no_kw("struct_time", kw) || mp_arg_count("struct_time", nargs, 1, 2))
        return NULL;
    mp_obj *t = mp_tuple_from_iter(args[0]);
    if (!t)
        return NULL;
    size_t n = mp_tuple_size(t);
    if (n < 9 || n > 11) {
        mp_err_format(&mp_type_TypeError,
                      n < 9 ? "time.struct_time() takes an at least 9-sequence (%zu-sequence "
                              "given)"
                            : "time.struct_time() takes an at most 11-sequence (%zu-sequence "
                              "given)",
                      n);
        mp_decref(t);
        return NULL;
    }
    mp_obj *r = mp_tuple_from_array(mp_tuple_items(t), NFIELDS);
    mp_decref(t);
    return struct_time_from(&struct_time_plain, r);
}

static mp_obj *tm_to_struct_time(const struct tm *tm, struct_time_type *st) {
    mp_obj *t = mp_tuple_new(NFIELDS);
    mp_obj **it = mp_tuple_items(t);
    it[0] = mp_small(tm->tm_year + 1900);
    it[1] = mp_small(tm->tm_mon + 1);
    it[2] = mp_small(tm->tm_mday);
    it[3] = mp_small(tm->tm_hour);
    it[4] = mp_small(tm->tm_min);
    it[5] = mp_small(tm->tm_sec);
    it[6] = mp_small((tm->tm_wday + 6) % 7);
    it[7] = mp_small(tm->tm_yday + 1);
    it[8] = mp_small(tm->tm_isdst);
    return struct_time_from(st, t);
}

/* A time_t from None/absent (now) or a number, rounding floats down. */
static bool get_time_t(mp_obj *const *args, size_t nargs, time_t *out) {
    if (nargs == 0 || args[0] == mp_None) {
        *out = time(NULL);
        return true;
    }
    mp_obj *o = args[0];
    if (mp_float_check_any(o)) {
        double d = mp_float_val(o);
        if (isnan(d)) {
            mp_err_format(&mp_type_ValueError, "Invalid value NaN (not a number)");
            return false;
        }
        d = floor(d);
        if (!(d >= (double)INT64_MIN && d < (double)INT64_MAX)) {
            mp_err_format(&mp_type_OverflowError, "timestamp out of range for platform time_t");
            return false;
        }
        *out = (time_t)d;
        return true;
    }
    mp_obj *i = mp_number_index(o);
    if (!i)
        return false;
    int64_t v;
    int rc = mp_int_as_i64(i, &v);
    mp_decref(i);
    if (rc < 0) {
        mp_err_clear();
        mp_err_format(&mp_type_OverflowError, "timestamp out of range for platform time_t");
        return false;
    }
    *out = (time_t)v;
    return true;
}

static mp_obj *convert_time(const char *name, mp_obj *const *args, size_t nargs, mp_obj *kw,
                            bool utc) {
    time_t t;
    if (mp_arg_no_kw(name, kw) || mp_arg_count(name, nargs, 0, 1) || !get_time_t(args, nargs, &t))
        return NULL;
    struct tm tm;
    if (!(utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm))) {
        mp_err_format(&mp_type_OverflowError, "timestamp out of range for platform time_t");
        return NULL;
    }
    return tm_to_struct_time(&tm, utc ? &struct_time_utc : &struct_time_local);
}

FN(time_gmtime) { return convert_time("gmtime", args, nargs, kw, true); }
FN(time_localtime) { return convert_time("localtime", args, nargs, kw, false); }

/* CPython's gettmarg: a struct_time or 9-tuple into a struct tm. */
static bool gettmarg(const char *fname, mp_obj *o, struct tm *tm) {
    if (!mp_tuple_check(o)) {
        mp_err_format(&mp_type_TypeError, "Tuple or struct_time argument required");
        return false;
    }
    if (mp_tuple_size(o) != NFIELDS) {
        mp_err_format(&mp_type_TypeError, "%s(): illegal time tuple argument", fname);
        return false;
    }
    int v[NFIELDS];
    for (int i = 0; i < NFIELDS; i++) {
        mp_obj *x = mp_tuple_items(o)[i];
        int64_t n;
        if (mp_float_check_any(x)) {
            mp_err_format(&mp_type_TypeError, "'float' object cannot be interpreted as an integer");
            return false;
        }
        mp_obj *idx = mp_number_index(x);
        if (!idx)
            return false;
        int rc = mp_int_as_i64(idx, &n);
        mp_decref(idx);
        if (rc < 0 || n > INT_MAX || n < INT_MIN) {
            mp_err_clear();
            mp_err_format(&mp_type_OverflowError, "Python int too large to convert to C int");
            return false;
        }
        v[i] = (int)n;
    }
    memset(tm, 0, sizeof *tm);
    tm->tm_year = v[0] - 1900;
    tm->tm_mon = v[1] - 1;
    tm->tm_mday = v[2];
    tm->tm_hour = v[3];
    tm->tm_min = v[4];
    tm->tm_sec = v[5];
    tm->tm_wday = (v[6] + 1) % 7;
    if (tm->tm_wday < 0)
        tm->tm_wday += 7;
    tm->tm_yday = v[7] - 1;
    tm->tm_isdst = v[8];
    mp_type *t = mp_typeof(o);
    int zone = t == &struct_time_local.type ? ZONE_LOCAL
               : t == &struct_time_utc.type ? ZONE_UTC
                                             : ZONE_NONE;
    if (zone != ZONE_NONE) {
        tm->tm_gmtoff = zone == ZONE_UTC ? 0 : -ALTZONE(tm->tm_isdst > 0);
        tm->tm_zone = zone == ZONE_UTC ? "GMT" : tzname[tm->tm_isdst > 0];
    }
    return true;
}

/* CPython's checktm (after strftime's and asctime's normalisation). */
static bool checktm(struct tm *tm) {
    const char *bad = NULL;
    if (tm->tm_mon == -1)
        tm->tm_mon = 0;
    else if (tm->tm_mon < 0 || tm->tm_mon > 11)
        bad = "month out of range";
    if (tm->tm_mday == 0)
        tm->tm_mday = 1;
    else if (!bad && (tm->tm_mday < 0 || tm->tm_mday > 31))
        bad = "day of month out of range";
    if (!bad && (tm->tm_hour < 0 || tm->tm_hour > 23))
        bad = "hour out of range";
    if (!bad && (tm->tm_min < 0 || tm->tm_min > 59))
        bad = "minute out of range";
    if (!bad && (tm->tm_sec < 0 || tm->tm_sec > 61))
        bad = "seconds out of range";
    if (tm->tm_yday == -1)
        tm->tm_yday = 0;
    else if (!bad && (tm->tm_yday < 0 || tm->tm_yday > 365))
        bad = "day of year out of range";
    if (bad) {
        mp_err_format(&mp_type_ValueError, "%s", bad);
        return false;
    }
    return true;
}

/* The time argument of asctime/strftime: a tuple, or now (local). */
static bool tm_arg(const char *fname, mp_obj *const *args, size_t nargs, struct tm *tm) {
    if (nargs == 0) {
        time_t t = time(NULL);
        localtime_r(&t, tm);
        return true;
    }
    return gettmarg(fname, args[0], tm) && checktm(tm);
}

static mp_obj *format_asctime(const struct tm *tm) {
    static const char wday[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    snprintf(buf, sizeof buf, "%s %s%3d %.2d:%.2d:%.2d %d", wday[tm->tm_wday % 7],
             mon[tm->tm_mon % 12], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
             1900 + tm->tm_year);
    return mp_str_from_cstr(buf);
}

FN(time_asctime) {
    struct tm tm;
    if (mp_arg_no_kw("asctime", kw) || mp_arg_count("asctime", nargs, 0, 1) ||
        !tm_arg("asctime", args, nargs, &tm))
        return NULL;
    return format_asctime(&tm);
}

FN(time_ctime) {
    time_t t;
    struct tm tm;
    if (mp_arg_no_kw("ctime", kw) || mp_arg_count("ctime", nargs, 0, 1) ||
        !get_time_t(args, nargs, &t))
        return NULL;
    if (!localtime_r(&t, &tm)) {
        mp_err_format(&mp_type_OverflowError, "timestamp out of range for platform time_t");
        return NULL;
    }
    return format_asctime(&tm);
}

FN(time_mktime) {
    struct tm tm;
    if (mp_arg_no_kw("mktime", kw) || mp_arg_count("mktime", nargs, 1, 1) ||
        !gettmarg("mktime", args[0], &tm))
        return NULL;
    tm.tm_wday = -1; /* sentinel: mktime leaves it alone on failure */
    time_t t = mktime(&tm);
    if (t == (time_t)-1 && tm.tm_wday == -1) {
        mp_err_format(&mp_type_OverflowError, "mktime argument out of range");
        return NULL;
    }
    return mp_float_new((double)t);
}

FN(time_strftime) {
    struct tm tm;
    if (mp_arg_no_kw("strftime", kw) || mp_arg_count("strftime", nargs, 1, 2))
        return NULL;
    if (!mp_str_check(args[0])) {
        mp_err_format(&mp_type_TypeError, "strftime() argument 1 must be str, not %T", args[0]);
        return NULL;
    }
    if (!tm_arg("strftime", args + 1, nargs - 1, &tm))
        return NULL;
    if (tm.tm_isdst < -1)
        tm.tm_isdst = -1;
    else if (tm.tm_isdst > 1)
        tm.tm_isdst = 1;
    const char *fmt = mp_str_data(args[0]);
    size_t fmtlen = mp_str_size(args[0]);
    if (fmtlen == 0)
        return mp_str_from_cstr("");
    /* strftime returns 0 both for "too small" and for an empty result;
     * CPython gives up once the buffer is 256 times the format. */
    for (size_t cap = 1024;; cap *= 2) {
        char *buf = mp_mem_alloc(cap);
        size_t n = strftime(buf, cap, fmt, &tm);
        if (n > 0 || cap >= 256 * fmtlen) {
            mp_obj *r = mp_str_decode_utf8(buf, n);
            mp_mem_free(buf);
            return r;
        }
        mp_mem_free(buf);
    }
}

static const mp_method_def time_functions[] = {
    {"time", time_time, 0, NULL},
    {"time_ns", time_time_ns, 0, NULL},
    {"monotonic", time_monotonic, 0, NULL},
    {"monotonic_ns", time_monotonic_ns, 0, NULL},
    {"perf_counter", time_perf_counter, 0, NULL},
    {"perf_counter_ns", time_perf_counter_ns, 0, NULL},
    {"process_time", time_process_time, 0, NULL},
    {"process_time_ns", time_process_time_ns, 0, NULL},
    {"thread_time", time_thread_time, 0, NULL},
    {"thread_time_ns", time_thread_time_ns, 0, NULL},
    {"sleep", time_sleep, 0, NULL},
    {"gmtime", time_gmtime, 0, NULL},
    {"localtime", time_localtime, 0, NULL},
    {"mktime", time_mktime, 0, NULL},
    {"asctime", time_asctime, 0, NULL},
    {"ctime", time_ctime, 0, NULL},
    {"strftime", time_strftime, 0, NULL},
    {NULL},
};

mp_obj *mp_time_module_create(void) {
    struct_time_type *types[] = {&struct_time_plain, &struct_time_local, &struct_time_utc};
    for (size_t i = 0; i < 3; i++)
        if (mp_type_ready(&types[i]->type) < 0)
            return NULL;
    tzset();
    mp_obj *m = mp_module_new("time");
    if (!m)
        return NULL;
    mp_obj *tz0 = mp_str_from_cstr(tzname[0]), *tz1 = mp_str_from_cstr(tzname[1]);
    mp_obj *tzn = mp_tuple_pack(2, tz0, tz1);
    mp_obj *tzoff = mp_int_from_i64(timezone), *alt = mp_int_from_i64(ALTZONE(daylight));
    int rc = mp_module_add_functions(m, time_functions) |
             mp_module_add_obj(m, "struct_time", (mp_obj *)&struct_time_plain.type) |
             mp_module_add_obj(m, "tzname", tzn) | mp_module_add_obj(m, "timezone", tzoff) |
             mp_module_add_obj(m, "altzone", alt) |
             mp_module_add_obj(m, "daylight", mp_small(daylight));
    mp_decref(tz0);
    mp_decref(tz1);
    mp_decref(tzn);
    mp_decref(tzoff);
    mp_decref(alt);
    if (rc) {
        mp_decref(m);
        return NULL;
    }
    return m;
}
