/*
 * list_sort.c — list.sort(): a port of CPython 3.11's timsort (natural
 * runs, binary insertion to minrun, galloping merges, the powersort merge
 * policy).  Following it step for step means the same comparisons happen
 * in the same order as in CPython, so even inconsistent orderings (NaNs,
 * random keys) and the first TypeError a mixed list raises match.
 *
 * Keys are computed once per element.  reverse=True reverses before and
 * after the sort, which keeps equal elements in their original order.
 * Homogeneous lists of small ints, floats or str get a direct compare,
 * and lists of tuples compare their first items that way (CPython's
 * unsafe_*_compare pre-sort check).
 */
#include <string.h>

#include "runtime/containers.h"
#include "runtime/errors.h"
#include "runtime/obj_float.h"
#include "runtime/obj_int.h"
#include "runtime/obj_list.h"
#include "runtime/obj_str.h"
#include "runtime/obj_tuple.h"

struct merge_state;
/* 1: a < b, 0: not, -1: error. */
typedef int (*lt_fn)(mp_obj *a, mp_obj *b, struct merge_state *ms);

/* ---- comparisons --------------------------------------------------------- */

/* The pre-sort check picks one of these for the whole sort.  They return
 * what `a < b` would, only faster for homogeneous keys. */

static int lt_generic(mp_obj *a, mp_obj *b, struct merge_state *ms) {
    return mp_richcompare_bool(a, b, MP_LT);
}

static int lt_small_int(mp_obj *a, mp_obj *b, struct merge_state *ms) {
    return mp_small_val(a) < mp_small_val(b);
}

static int lt_float(mp_obj *a, mp_obj *b, struct merge_state *ms) {
    return mp_float_val(a) < mp_float_val(b);
}

/* UTF-8 byte order is code point order. */
static int lt_str(mp_obj *a, mp_obj *b, struct merge_state *ms) {
    size_t na = mp_str_size(a), nb = mp_str_size(b);
    int c = memcmp(mp_str_data(a), mp_str_data(b), na < nb ? na : nb);
    return c != 0 ? c < 0 : na < nb;
}

/* The fastest compare valid for all the keys (or, with `first_items`, for
 * the first items of all the keys, which are tuples). */
static lt_fn homogeneous_compare(mp_obj *const *keys, size_t n, bool first_items) {
    bool ints = true, floats = true, strs = true;
    for (size_t i = 0; i < n && (ints || floats || strs); i++) {
        mp_obj *k = first_items ? mp_tuple_items(keys[i])[0] : keys[i];
        ints = ints && mp_is_small(k);
        floats = floats && mp_isinstance_exact(k, &mp_type_float);
        strs = strs && mp_isinstance_exact(k, &mp_type_str);
    }
    return ints ? lt_small_int : floats ? lt_float : strs ? lt_str : lt_generic;
}

/* ---- sortslice: keys with their values moved in step --------------------- */

/* values == NULL when the keys are the values (no key function). */
typedef struct sortslice {
    mp_obj **keys;
    mp_obj **values;
} sortslice;

static inline void ss_copy(sortslice *s1, ptrdiff_t i, sortslice *s2, ptrdiff_t j) {
    s1->keys[i] = s2->keys[j];
    if (s1->values)
        s1->values[i] = s2->values[j];
}

static inline void ss_copy_incr(sortslice *dst, sortslice *src) {
    *dst->keys++ = *src->keys++;
    if (dst->values)
        *dst->values++ = *src->values++;
}

static inline void ss_copy_decr(sortslice *dst, sortslice *src) {
    *dst->keys-- = *src->keys--;
    if (dst->values)
        *dst->values-- = *src->values--;
}

static inline void ss_memcpy(sortslice *s1, ptrdiff_t i, sortslice *s2, ptrdiff_t j, ptrdiff_t n) {
    memcpy(&s1->keys[i], &s2->keys[j], sizeof(mp_obj *) * (size_t)n);
    if (s1->values)
        memcpy(&s1->values[i], &s2->values[j], sizeof(mp_obj *) * (size_t)n);
}

static inline void ss_memmove(sortslice *s1, ptrdiff_t i, sortslice *s2, ptrdiff_t j, ptrdiff_t n) {
    memmove(&s1->keys[i], &s2->keys[j], sizeof(mp_obj *) * (size_t)n);
    if (s1->values)
        memmove(&s1->values[i], &s2->values[j], sizeof(mp_obj *) * (size_t)n);
}

static inline void ss_advance(sortslice *s, ptrdiff_t n) {
    s->keys += n;
    if (s->values)
        s->values += n;
}

/* ---- merge state ------------------------------------------------------- */

#define MAX_MERGE_PENDING (sizeof(size_t) * 8)
#define MIN_GALLOP 7
#define MERGESTATE_TEMP_SIZE 256

typedef struct run {
    sortslice base;
    ptrdiff_t len;
    int power; /* node level in the powersort merge tree */
} run;

typedef struct merge_state {
    ptrdiff_t min_gallop;
    ptrdiff_t listlen;
    mp_obj **basekeys;
    sortslice a; /* temp storage for merges; may point to temparray */
    ptrdiff_t alloced;
    int n;
    run pending[MAX_MERGE_PENDING];
    mp_obj *temparray[MERGESTATE_TEMP_SIZE];
    lt_fn lt;
    lt_fn tuple_elem_lt; /* lt_tuple: the compare for first items */
} merge_state;

/* CPython's unsafe_tuple_compare: lexicographic like tuple's own `<`,
 * but the (common) deciding first items use the pre-checked compare. */
static int lt_tuple(mp_obj *a, mp_obj *b, merge_state *ms) {
    size_t na = mp_tuple_size(a), nb = mp_tuple_size(b), n = na < nb ? na : nb, i;
    mp_obj **va = mp_tuple_items(a), **vb = mp_tuple_items(b);
    for (i = 0; i < n; i++) {
        int k;
        if (va[i] == vb[i])
            k = 1;
        else if (mp_is_small(va[i]) && mp_is_small(vb[i]))
            k = 0; /* equal ints are the same tagged value */
        else if ((k = mp_richcompare_bool(va[i], vb[i], MP_EQ)) < 0)
            return -1;
        if (!k)
            break;
    }
    if (i >= n)
        return na < nb;
    if (i == 0)
        return ms->tuple_elem_lt(va[0], vb[0], ms);
    if (mp_is_small(va[i]) && mp_is_small(vb[i]))
        return mp_small_val(va[i]) < mp_small_val(vb[i]);
    return mp_richcompare_bool(va[i], vb[i], MP_LT);
}

/* The pre-sort check: one compare for the whole list of keys. */
static void choose_compare(merge_state *ms, mp_obj *const *keys, size_t n) {
    bool tuples = true;
    for (size_t i = 0; i < n && tuples; i++)
        tuples = mp_isinstance_exact(keys[i], &mp_type_tuple) && mp_tuple_size(keys[i]) > 0;
    if (tuples) {
        ms->lt = lt_tuple;
        ms->tuple_elem_lt = homogeneous_compare(keys, n, true);
    } else {
        ms->lt = homogeneous_compare(keys, n, false);
    }
}

#define ISLT(X, Y) (ms->lt((X), (Y), ms))
/* k = X < Y, jumping to `fail` if the comparison raised. */
#define LT_OR_FAIL(X, Y)                                                                           \
    do {                                                                                           \
        if ((k = ISLT(X, Y)) < 0)                                                                  \
            goto fail;                                                                             \
    } while (0)

/* Binary insertion sort of [lo, hi) where [lo, start) is already sorted. */
static int binarysort(merge_state *ms, sortslice lo, mp_obj **hi, mp_obj **start) {
    int k;
    mp_obj **l, **p, **r;
    mp_obj *pivot;
    if (lo.keys == start)
        ++start;
    for (; start < hi; ++start) {
        l = lo.keys;
        r = start;
        pivot = *r;
        do {
            p = l + ((r - l) >> 1);
            LT_OR_FAIL(pivot, *p);
            if (k)
                r = p;
            else
                l = p + 1;
        } while (l < r);
        for (p = start; p > l; --p)
            *p = *(p - 1);
        *l = pivot;
        if (lo.values) {
            ptrdiff_t offset = lo.values - lo.keys;
            p = start + offset;
            pivot = *p;
            l += offset;
            for (p = start + offset; p > l; --p)
                *p = *(p - 1);
            *l = pivot;
        }
    }
    return 0;
fail:
    return -1;
}

/* Length of the run at lo: longest non-descending, or strictly
 * descending (*descending = 1) prefix of [lo, hi). */
static ptrdiff_t count_run(merge_state *ms, mp_obj **lo, mp_obj **hi, int *descending) {
    int k;
    ptrdiff_t n;
    *descending = 0;
    ++lo;
    if (lo == hi)
        return 1;
    n = 2;
    LT_OR_FAIL(*lo, *(lo - 1));
    if (k) {
        *descending = 1;
        for (lo = lo + 1; lo < hi; ++lo, ++n) {
            LT_OR_FAIL(*lo, *(lo - 1));
            if (!k)
                break;
        }
    } else {
        for (lo = lo + 1; lo < hi; ++lo, ++n) {
            LT_OR_FAIL(*lo, *(lo - 1));
            if (k)
                break;
        }
    }
    return n;
fail:
    return -1;
}

/* Position of key in sorted a[0:n], left of any equal elements. */
static ptrdiff_t gallop_left(merge_state *ms, mp_obj *key, mp_obj **a, ptrdiff_t n,
                             ptrdiff_t hint) {
    ptrdiff_t ofs, lastofs, k;
    a += hint;
    lastofs = 0;
    ofs = 1;
    LT_OR_FAIL(*a, key);
    if (k) {
        /* a[hint] < key: gallop right until a[hint+lastofs] < key <= a[hint+ofs] */
        const ptrdiff_t maxofs = n - hint;
        while (ofs < maxofs) {
            LT_OR_FAIL(a[ofs], key);
            if (!k)
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        lastofs += hint;
        ofs += hint;
    } else {
        /* key <= a[hint]: gallop left until a[hint-ofs] < key <= a[hint-lastofs] */
        const ptrdiff_t maxofs = hint + 1;
        while (ofs < maxofs) {
            LT_OR_FAIL(*(a - ofs), key);
            if (k)
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        k = lastofs;
        lastofs = hint - ofs;
        ofs = hint - k;
    }
    a -= hint;
    /* a[lastofs] < key <= a[ofs]: binary search in between. */
    ++lastofs;
    while (lastofs < ofs) {
        ptrdiff_t m = lastofs + ((ofs - lastofs) >> 1);
        LT_OR_FAIL(a[m], key);
        if (k)
            lastofs = m + 1;
        else
            ofs = m;
    }
    return ofs;
fail:
    return -1;
}

/* Like gallop_left, but right of any equal elements. */
static ptrdiff_t gallop_right(merge_state *ms, mp_obj *key, mp_obj **a, ptrdiff_t n,
                              ptrdiff_t hint) {
    ptrdiff_t ofs, lastofs, k;
    a += hint;
    lastofs = 0;
    ofs = 1;
    LT_OR_FAIL(key, *a);
    if (k) {
        /* key < a[hint]: gallop left until a[hint-ofs] <= key < a[hint-lastofs] */
        const ptrdiff_t maxofs = hint + 1;
        while (ofs < maxofs) {
            LT_OR_FAIL(key, *(a - ofs));
            if (!k)
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        k = lastofs;
        lastofs = hint - ofs;
        ofs = hint - k;
    } else {
        /* a[hint] <= key: gallop right until a[hint+lastofs] <= key < a[hint+ofs] */
        const ptrdiff_t maxofs = n - hint;
        while (ofs < maxofs) {
            LT_OR_FAIL(key, a[ofs]);
            if (k)
                break;
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if (ofs > maxofs)
            ofs = maxofs;
        lastofs += hint;
        ofs += hint;
    }
    a -= hint;
    ++lastofs;
    while (lastofs < ofs) {
        ptrdiff_t m = lastofs + ((ofs - lastofs) >> 1);
        LT_OR_FAIL(key, a[m]);
        if (k)
            ofs = m;
        else
            lastofs = m + 1;
    }
    return ofs;
fail:
    return -1;
}

static void merge_init(merge_state *ms, ptrdiff_t list_size, bool has_keyfunc, sortslice *lo) {
    if (has_keyfunc) {
        /* Merges need at most half the list; keys and values share temparray. */
        ms->alloced = (list_size + 1) / 2;
        if (MERGESTATE_TEMP_SIZE / 2 < ms->alloced)
            ms->alloced = MERGESTATE_TEMP_SIZE / 2;
        ms->a.values = &ms->temparray[ms->alloced];
    } else {
        ms->alloced = MERGESTATE_TEMP_SIZE;
        ms->a.values = NULL;
    }
    ms->a.keys = ms->temparray;
    ms->n = 0;
    ms->min_gallop = MIN_GALLOP;
    ms->listlen = list_size;
    ms->basekeys = lo->keys;
}

static void merge_freemem(merge_state *ms) {
    if (ms->a.keys != ms->temparray) {
        mp_mem_free(ms->a.keys);
        ms->a.keys = NULL;
    }
}

/* Ensures room for `need` temp slots (keys, and values if any). */
static void merge_getmem(merge_state *ms, ptrdiff_t need) {
    if (need <= ms->alloced)
        return;
    int multiplier = ms->a.values ? 2 : 1;
    merge_freemem(ms); /* no realloc: the old contents don't matter */
    ms->a.keys = mp_mem_alloc((size_t)(multiplier * need) * sizeof(mp_obj *));
    ms->alloced = need;
    if (ms->a.values)
        ms->a.values = &ms->a.keys[need];
}

/* Merges the na elements at ssa with the nb elements following them, in
 * place, with na <= nb; ssa.keys[na-1] belongs at the end of the merge. */
static int merge_lo(merge_state *ms, sortslice ssa, ptrdiff_t na, sortslice ssb, ptrdiff_t nb) {
    ptrdiff_t k;
    sortslice dest;
    int result = -1;
    ptrdiff_t min_gallop;

    merge_getmem(ms, na);
    ss_memcpy(&ms->a, 0, &ssa, 0, na);
    dest = ssa;
    ssa = ms->a;

    ss_copy_incr(&dest, &ssb);
    --nb;
    if (nb == 0)
        goto Succeed;
    if (na == 1)
        goto CopyB;

    min_gallop = ms->min_gallop;
    for (;;) {
        ptrdiff_t acount = 0; /* times A won in a row */
        ptrdiff_t bcount = 0; /* times B won in a row */

        /* One pair at a time until one run wins consistently. */
        for (;;) {
            k = ISLT(ssb.keys[0], ssa.keys[0]);
            if (k) {
                if (k < 0)
                    goto Fail;
                ss_copy_incr(&dest, &ssb);
                ++bcount;
                acount = 0;
                --nb;
                if (nb == 0)
                    goto Succeed;
                if (bcount >= min_gallop)
                    break;
            } else {
                ss_copy_incr(&dest, &ssa);
                ++acount;
                bcount = 0;
                --na;
                if (na == 1)
                    goto CopyB;
                if (acount >= min_gallop)
                    break;
            }
        }

        /* Gallop while either run keeps winning by MIN_GALLOP or more. */
        ++min_gallop;
        do {
            min_gallop -= min_gallop > 1;
            ms->min_gallop = min_gallop;
            k = gallop_right(ms, ssb.keys[0], ssa.keys, na, 0);
            acount = k;
            if (k) {
                if (k < 0)
                    goto Fail;
                ss_memcpy(&dest, 0, &ssa, 0, k);
                ss_advance(&dest, k);
                ss_advance(&ssa, k);
                na -= k;
                if (na == 1)
                    goto CopyB;
                /* na == 0 only with an inconsistent comparison. */
                if (na == 0)
                    goto Succeed;
            }
            ss_copy_incr(&dest, &ssb);
            --nb;
            if (nb == 0)
                goto Succeed;

            k = gallop_left(ms, ssa.keys[0], ssb.keys, nb, 0);
            bcount = k;
            if (k) {
                if (k < 0)
                    goto Fail;
                ss_memmove(&dest, 0, &ssb, 0, k);
                ss_advance(&dest, k);
                ss_advance(&ssb, k);
                nb -= k;
                if (nb == 0)
                    goto Succeed;
            }
            ss_copy_incr(&dest, &ssa);
            --na;
            if (na == 1)
                goto CopyB;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++min_gallop; /* penalise leaving galloping mode */
        ms->min_gallop = min_gallop;
    }
Succeed:
    result = 0;
Fail:
    if (na)
        ss_memcpy(&dest, 0, &ssa, 0, na);
    return result;
CopyB:
    /* The last element of ssa belongs at the end of the merge. */
    ss_memmove(&dest, 0, &ssb, 0, nb);
    ss_copy(&dest, nb, &ssa, 0);
    return 0;
}

/* As merge_lo, with na >= nb, merging from the right. */
static int merge_hi(merge_state *ms, sortslice ssa, ptrdiff_t na, sortslice ssb, ptrdiff_t nb) {
    ptrdiff_t k;
    sortslice dest, basea, baseb;
    int result = -1;
    ptrdiff_t min_gallop;

    merge_getmem(ms, nb);
    dest = ssb;
    ss_advance(&dest, nb - 1);
    ss_memcpy(&ms->a, 0, &ssb, 0, nb);
    basea = ssa;
    baseb = ms->a;
    ssb.keys = ms->a.keys + nb - 1;
    if (ssb.values)
        ssb.values = ms->a.values + nb - 1;
    ss_advance(&ssa, na - 1);

    ss_copy_decr(&dest, &ssa);
    --na;
    if (na == 0)
        goto Succeed;
    if (nb == 1)
        goto CopyA;

    min_gallop = ms->min_gallop;
    for (;;) {
        ptrdiff_t acount = 0;
        ptrdiff_t bcount = 0;

        for (;;) {
            k = ISLT(ssb.keys[0], ssa.keys[0]);
            if (k) {
                if (k < 0)
                    goto Fail;
                ss_copy_decr(&dest, &ssa);
                ++acount;
                bcount = 0;
                --na;
                if (na == 0)
                    goto Succeed;
                if (acount >= min_gallop)
                    break;
            } else {
                ss_copy_decr(&dest, &ssb);
                ++bcount;
                acount = 0;
                --nb;
                if (nb == 1)
                    goto CopyA;
                if (bcount >= min_gallop)
                    break;
            }
        }

        ++min_gallop;
        do {
            min_gallop -= min_gallop > 1;
            ms->min_gallop = min_gallop;
            k = gallop_right(ms, ssb.keys[0], basea.keys, na, na - 1);
            if (k < 0)
                goto Fail;
            k = na - k;
            acount = k;
            if (k) {
                ss_advance(&dest, -k);
                ss_advance(&ssa, -k);
                ss_memmove(&dest, 1, &ssa, 1, k);
                na -= k;
                if (na == 0)
                    goto Succeed;
            }
            ss_copy_decr(&dest, &ssb);
            --nb;
            if (nb == 1)
                goto CopyA;

            k = gallop_left(ms, ssa.keys[0], baseb.keys, nb, nb - 1);
            if (k < 0)
                goto Fail;
            k = nb - k;
            bcount = k;
            if (k) {
                ss_advance(&dest, -k);
                ss_advance(&ssb, -k);
                ss_memcpy(&dest, 1, &ssb, 1, k);
                nb -= k;
                if (nb == 1)
                    goto CopyA;
                /* nb == 0 only with an inconsistent comparison. */
                if (nb == 0)
                    goto Succeed;
            }
            ss_copy_decr(&dest, &ssa);
            --na;
            if (na == 0)
                goto Succeed;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++min_gallop;
        ms->min_gallop = min_gallop;
    }
Succeed:
    result = 0;
Fail:
    if (nb)
        ss_memcpy(&dest, -(nb - 1), &baseb, 0, nb);
    return result;
CopyA:
    /* The first element of ssb belongs at the front of the merge. */
    ss_memmove(&dest, 1 - na, &ssa, 1 - na, na);
    ss_advance(&dest, -na);
    ss_advance(&ssa, -na);
    ss_copy(&dest, 0, &ssb, 0);
    return 0;
}

/* Merges the runs at stack indices i and i+1. */
static int merge_at(merge_state *ms, int i) {
    sortslice ssa = ms->pending[i].base, ssb = ms->pending[i + 1].base;
    ptrdiff_t na = ms->pending[i].len, nb = ms->pending[i + 1].len, k;

    ms->pending[i].len = na + nb;
    if (i == ms->n - 3)
        ms->pending[i + 1] = ms->pending[i + 2];
    --ms->n;

    /* Elements of a before b's first are already in place. */
    k = gallop_right(ms, *ssb.keys, ssa.keys, na, 0);
    if (k < 0)
        return -1;
    ss_advance(&ssa, k);
    na -= k;
    if (na == 0)
        return 0;
    /* Elements of b after a's last are already in place. */
    nb = gallop_left(ms, ssa.keys[na - 1], ssb.keys, nb, nb - 1);
    if (nb <= 0)
        return (int)nb;
    return na <= nb ? merge_lo(ms, ssa, na, ssb, nb) : merge_hi(ms, ssa, na, ssb, nb);
}

/* The powersort "power" of the run at s1 (length n1) followed by one of
 * length n2, in a list of length n: the depth of their boundary in a
 * conceptual binary merge tree. */
static int powerloop(ptrdiff_t s1, ptrdiff_t n1, ptrdiff_t n2, ptrdiff_t n) {
    int result = 0;
    ptrdiff_t a = 2 * s1 + n1; /* 2 * midpoint of the first run */
    ptrdiff_t b = a + n1 + n2; /* 2 * midpoint of the second */
    for (;;) {
        ++result;
        if (a >= n) {
            a -= n;
            b -= n;
        } else if (b >= n) {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    return result;
}

/* A new run of length n2 was found: merge stacked runs of higher power. */
static int found_new_run(merge_state *ms, ptrdiff_t n2) {
    if (ms->n) {
        run *p = ms->pending;
        ptrdiff_t s1 = p[ms->n - 1].base.keys - ms->basekeys;
        ptrdiff_t n1 = p[ms->n - 1].len;
        int power = powerloop(s1, n1, n2, ms->listlen);
        while (ms->n > 1 && p[ms->n - 2].power > power) {
            if (merge_at(ms, ms->n - 2) < 0)
                return -1;
        }
        p[ms->n - 1].power = power;
    }
    return 0;
}

static int merge_force_collapse(merge_state *ms) {
    run *p = ms->pending;
    while (ms->n > 1) {
        int n = ms->n - 2;
        if (n > 0 && p[n - 1].len < p[n + 1].len)
            --n;
        if (merge_at(ms, n) < 0)
            return -1;
    }
    return 0;
}

/* minrun: n itself below 64, else a k in [32, 64] with n/k just under a
 * power of 2. */
static ptrdiff_t merge_compute_minrun(ptrdiff_t n) {
    ptrdiff_t r = 0;
    while (n >= 64) {
        r |= n & 1;
        n >>= 1;
    }
    return n + r;
}

/* Sorts lo (n entries) in place; -1 if a comparison raised. */
static int timsort(merge_state *ms, sortslice lo, ptrdiff_t n) {
    ptrdiff_t nremaining = n;
    ptrdiff_t minrun = merge_compute_minrun(nremaining);
    do {
        int descending;
        ptrdiff_t r = count_run(ms, lo.keys, lo.keys + nremaining, &descending);
        if (r < 0)
            return -1;
        if (descending) {
            mp_ctr_reverse(lo.keys, lo.keys + r);
            if (lo.values)
                mp_ctr_reverse(lo.values, lo.values + r);
        }
        /* Extend short runs to min(minrun, nremaining). */
        if (r < minrun) {
            const ptrdiff_t force = nremaining <= minrun ? nremaining : minrun;
            if (binarysort(ms, lo, lo.keys + force, lo.keys + r) < 0)
                return -1;
            r = force;
        }
        if (found_new_run(ms, r) < 0)
            return -1;
        ms->pending[ms->n].base = lo;
        ms->pending[ms->n].len = r;
        ++ms->n;
        ss_advance(&lo, r);
        nremaining -= r;
    } while (nremaining);
    return merge_force_collapse(ms);
}

#undef LT_OR_FAIL
#undef ISLT

/* ---- list.sort ----------------------------------------------------------- */

int mp_list_sort(mp_obj *self, mp_obj *keyfunc, bool reverse) {
    mp_list *l = (mp_list *)self;
    merge_state ms;
    int result = -1;
    if (keyfunc == mp_None)
        keyfunc = NULL;

    /* The list is emptied while sorting, so key functions and comparisons
     * that mutate it can't disturb the array being sorted. */
    size_t n = l->size, saved_cap = l->cap;
    mp_obj **saved = l->items;
    l->size = 0;
    l->items = NULL;
    l->cap = 0;

    mp_obj **keys = NULL;
    sortslice lo = {saved, NULL};
    if (keyfunc) {
        keys = mp_mem_alloc((n ? n : 1) * sizeof(mp_obj *));
        for (size_t i = 0; i < n; i++) {
            keys[i] = mp_call1(keyfunc, saved[i]);
            if (!keys[i]) {
                while (i-- > 0)
                    mp_decref(keys[i]);
                mp_mem_free(keys);
                keys = NULL;
                goto restore;
            }
        }
        lo.keys = keys;
        lo.values = saved;
    }

    /* Reversing before and after a stable sort keeps equal items in order. */
    if (reverse) {
        if (keys)
            mp_ctr_reverse(keys, keys + n);
        mp_ctr_reverse(saved, saved + n);
    }
    choose_compare(&ms, lo.keys, n);
    merge_init(&ms, (ptrdiff_t)n, keys != NULL, &lo);
    result = n < 2 ? 0 : timsort(&ms, lo, (ptrdiff_t)n);

    if (keys) {
        for (size_t i = 0; i < n; i++)
            mp_decref(keys[i]);
        mp_mem_free(keys);
    }
    if ((l->items || l->size || l->cap) && result == 0) {
        mp_err_format(&mp_type_ValueError, "list modified during sort");
        result = -1;
    }
    if (reverse && n > 1)
        mp_ctr_reverse(saved, saved + n);
    merge_freemem(&ms);

restore:;
    /* Put the sorted array back and drop whatever was added meanwhile. */
    mp_obj **final_items = l->items;
    size_t final_size = l->size;
    l->size = n;
    l->items = saved;
    l->cap = saved_cap;
    if (final_items) {
        while (final_size-- > 0)
            mp_xdecref(final_items[final_size]);
        mp_mem_free(final_items);
    }
    return result;
}
