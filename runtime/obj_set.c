/*
 * obj_set.c — set, frozenset and set_iterator.
 *
 * The hash table is CPython 3.11's setobject.c, step for step: the same
 * probe sequence (LINEAR_PROBES consecutive slots, then perturbed jumps),
 * the same dummy handling in set_add_entry, the same resize trigger
 * (fill*5 >= mask*3) and growth (x4, x2 past 50000 keys), the same
 * strategies in merge/intersection/difference and pop()'s finger.  Since
 * an int hashes to itself, sets of ints (and of tuples of ints, whose
 * hash matches CPython's) iterate and print in exactly CPython's order.
 * Set algebra that iterates, printing, etc. is in runtime/set_ops.c.
 */
#include "runtime/obj_set.h"

#include <string.h>

#include "runtime/containers.h"
#include "runtime/errors.h"
#include "runtime/obj_dict.h"
#include "runtime/set_internal.h"

#define SET(o) ((mp_set *)(o))

/* Marks deleted slots (always with hash -1); never escapes the table. */
static mp_obj dummy_obj = MP_STATIC_HEADER(&mp_type_object);
#define dummy (&dummy_obj)

#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

bool mp_set_is_set(mp_obj *o) {
    return !MP_IS_TAGGED(o) &&
           (o->type == &mp_type_set || mp_type_is_subtype(o->type, &mp_type_set));
}

/* ---- probing ------------------------------------------------------------------ */

/* Quick equality for keys whose equality needs no Python code:
 * 1 equal, 0 different, -1 unknown (must call __eq__). */
static inline int fast_eq(mp_obj *a, mp_obj *b) {
    if (a == b)
        return 1;
    if (MP_IS_TAGGED(a) && MP_IS_TAGGED(b))
        return 0;
    if (mp_isinstance_exact(a, &mp_type_str) && mp_isinstance_exact(b, &mp_type_str))
        return mp_str_eq(a, b);
    return -1;
}

/* The slot holding key, or the empty slot that ends its probe sequence
 * (key NULL); NULL if a comparison raised. */
static mp_set_entry *set_lookkey(mp_set *so, mp_obj *key, mp_hash_t hash) {
restart:;
    size_t perturb = (size_t)hash, mask = so->mask, i = (size_t)hash & mask;
    for (;;) {
        mp_set_entry *entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                return entry;
            if (entry->hash == hash) {
                mp_obj *startkey = entry->key;
                int cmp = fast_eq(startkey, key);
                if (cmp < 0) {
                    mp_set_entry *table = so->table;
                    mp_incref(startkey);
                    cmp = mp_richcompare_bool(startkey, key, MP_EQ);
                    mp_decref(startkey);
                    if (cmp < 0)
                        return NULL;
                    if (table != so->table || entry->key != startkey)
                        goto restart;
                    mask = so->mask;
                }
                if (cmp > 0)
                    return entry;
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Adds key (increfs it) unless an equal key is present. */
static int set_add_entry(mp_set *so, mp_obj *key, mp_hash_t hash) {
    mp_set_entry *freeslot, *entry;
    size_t perturb, mask, i;
    int probes, cmp;

    /* Held early: __eq__ below might otherwise free it. */
    mp_incref(key);
restart:
    mask = so->mask;
    i = (size_t)hash & mask;
    freeslot = NULL;
    perturb = (size_t)hash;
    for (;;) {
        entry = &so->table[i];
        probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL)
                goto found_unused_or_dummy;
            if (entry->hash == hash) {
                mp_obj *startkey = entry->key;
                cmp = fast_eq(startkey, key);
                if (cmp < 0) {
                    mp_set_entry *table = so->table;
                    mp_incref(startkey);
                    cmp = mp_richcompare_bool(startkey, key, MP_EQ);
                    mp_decref(startkey);
                    if (cmp < 0)
                        goto comparison_error;
                    if (cmp == 0 && (table != so->table || entry->key != startkey))
                        goto restart;
                    mask = so->mask;
                }
                if (cmp > 0)
                    goto found_active;
            } else if (entry->hash == -1) {
                freeslot = entry;
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }

found_unused_or_dummy:
    if (freeslot == NULL)
        goto found_unused;
    so->used++;
    freeslot->key = key;
    freeslot->hash = hash;
    return 0;

found_unused:
    so->fill++;
    so->used++;
    entry->key = key;
    entry->hash = hash;
    if (so->fill * 5 < mask * 3)
        return 0;
    return mp_set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);

found_active:
    mp_decref(key);
    return 0;

comparison_error:
    mp_decref(key);
    return -1;
}

/* Places a key known to be absent in a table without dummies. */
static void set_insert_clean(mp_set_entry *table, size_t mask, mp_obj *key, mp_hash_t hash) {
    mp_set_entry *entry;
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        entry = &table[i];
        if (entry->key == NULL)
            goto found_null;
        if (i + LINEAR_PROBES <= mask) {
            for (size_t j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (entry->key == NULL)
                    goto found_null;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_null:
    entry->key = key;
    entry->hash = hash;
}

/* Rebuilds the table with the smallest size > minused, dropping dummies
 * (so the table may shrink). */
int mp_set_table_resize(mp_set *so, size_t minused) {
    mp_set_entry *oldtable = so->table, *newtable;
    size_t oldmask = so->mask;
    bool old_malloced = oldtable != so->smalltable;
    mp_set_entry small_copy[MP_SET_MINSIZE];

    size_t newsize = MP_SET_MINSIZE;
    while (newsize <= minused)
        newsize <<= 1;

    if (newsize == MP_SET_MINSIZE) {
        /* Shrinking to, or rebuilding, the small table. */
        newtable = so->smalltable;
        if (newtable == oldtable) {
            if (so->fill == so->used)
                return 0; /* no dummies: nothing to do */
            memcpy(small_copy, oldtable, sizeof(small_copy));
            oldtable = small_copy;
        }
    } else {
        newtable = mp_mem_alloc(sizeof(mp_set_entry) * newsize);
    }
    memset(newtable, 0, sizeof(mp_set_entry) * newsize);
    so->mask = newsize - 1;
    so->table = newtable;

    if (so->fill == so->used) {
        for (mp_set_entry *e = oldtable; e <= oldtable + oldmask; e++)
            if (e->key != NULL)
                set_insert_clean(newtable, so->mask, e->key, e->hash);
    } else {
        so->fill = so->used;
        for (mp_set_entry *e = oldtable; e <= oldtable + oldmask; e++)
            if (e->key != NULL && e->key != dummy)
                set_insert_clean(newtable, so->mask, e->key, e->hash);
    }
    if (old_malloced)
        mp_mem_free(oldtable);
    return 0;
}

/* ---- keyed operations ------------------------------------------------------------ */

int mp_set_contains_entry(mp_set *so, mp_obj *key, mp_hash_t hash) {
    mp_set_entry *entry = set_lookkey(so, key, hash);
    return entry ? entry->key != NULL : -1;
}

int mp_set_discard_entry(mp_set *so, mp_obj *key, mp_hash_t hash) {
    mp_set_entry *entry = set_lookkey(so, key, hash);
    if (!entry)
        return -1;
    if (!entry->key)
        return 0;
    mp_obj *old_key = entry->key;
    entry->key = dummy;
    entry->hash = -1;
    so->used--;
    mp_decref(old_key);
    return 1;
}

int mp_set_add_entry(mp_set *so, mp_obj *key, mp_hash_t hash) {
    return set_add_entry(so, key, hash);
}

int mp_set_add(mp_obj *s, mp_obj *key) {
    mp_hash_t hash = mp_ctr_hash(key);
    return hash == -1 ? -1 : set_add_entry(SET(s), key, hash);
}

int mp_set_contains(mp_obj *s, mp_obj *key) {
    mp_hash_t hash = mp_ctr_hash(key);
    return hash == -1 ? -1 : mp_set_contains_entry(SET(s), key, hash);
}

int mp_set_discard(mp_obj *s, mp_obj *key) {
    mp_hash_t hash = mp_ctr_hash(key);
    return hash == -1 ? -1 : mp_set_discard_entry(SET(s), key, hash);
}

static void set_empty_to_minsize(mp_set *so) {
    memset(so->smalltable, 0, sizeof(so->smalltable));
    so->fill = 0;
    so->used = 0;
    so->mask = MP_SET_MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
}

void mp_set_clear_internal(mp_set *so) {
    mp_set_entry *table = so->table;
    size_t used = so->used;
    bool malloced = table != so->smalltable;
    mp_set_entry small_copy[MP_SET_MINSIZE];

    /* Empty the set before dropping references: a __del__ may use it. */
    if (malloced) {
        set_empty_to_minsize(so);
    } else if (so->fill > 0) {
        memcpy(small_copy, table, sizeof(small_copy));
        table = small_copy;
        set_empty_to_minsize(so);
    }
    for (mp_set_entry *e = table; used > 0; e++) {
        if (e->key && e->key != dummy) {
            used--;
            mp_decref(e->key);
        }
    }
    if (malloced)
        mp_mem_free(table);
}

bool mp_set_next_entry(mp_set *so, size_t *pos, mp_set_entry **out) {
    size_t i = *pos, mask = so->mask;
    mp_set_entry *entry = &so->table[i];
    while (i <= mask && (entry->key == NULL || entry->key == dummy)) {
        i++;
        entry++;
    }
    *pos = i + 1;
    if (i > mask)
        return false;
    *out = entry;
    return true;
}

bool mp_set_next(mp_obj *s, size_t *pos, mp_obj **key) {
    mp_set_entry *e;
    if (!mp_set_next_entry(SET(s), pos, &e))
        return false;
    *key = e->key;
    return true;
}

/* ---- bulk updates -------------------------------------------------------------- */

static int set_merge(mp_set *so, mp_set *other) {
    if (other == so || other->used == 0)
        return 0;
    /* One big resize up front; expect few overlapping keys. */
    if ((so->fill + other->used) * 5 >= so->mask * 3) {
        if (mp_set_table_resize(so, (so->used + other->used) * 2) != 0)
            return -1;
    }
    mp_set_entry *so_entry = so->table, *other_entry = other->table;

    /* Empty target of the same size, source without dummies: copy. */
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        for (size_t i = 0; i <= other->mask; i++, so_entry++, other_entry++) {
            mp_obj *key = other_entry->key;
            if (key != NULL) {
                so_entry->key = mp_newref(key);
                so_entry->hash = other_entry->hash;
            }
        }
        so->fill = other->fill;
        so->used = other->used;
        return 0;
    }
    /* Empty target: no duplicates possible, insert clean. */
    if (so->fill == 0) {
        so->fill = other->used;
        so->used = other->used;
        for (size_t i = other->mask + 1; i > 0; i--, other_entry++) {
            mp_obj *key = other_entry->key;
            if (key != NULL && key != dummy)
                set_insert_clean(so->table, so->mask, mp_newref(key), other_entry->hash);
        }
        return 0;
    }
    for (size_t i = 0; i <= other->mask; i++) {
        other_entry = &other->table[i];
        mp_obj *key = other_entry->key;
        if (key != NULL && key != dummy && set_add_entry(so, key, other_entry->hash))
            return -1;
    }
    return 0;
}

int mp_set_update_internal(mp_set *so, mp_obj *other) {
    if (mp_anyset_check(other))
        return set_merge(so, SET(other));
    if (mp_isinstance_exact(other, &mp_type_dict)) {
        size_t dictsize = mp_dict_size(other);
        if ((so->fill + dictsize) * 5 >= so->mask * 3) {
            if (mp_set_table_resize(so, (so->used + dictsize) * 2) != 0)
                return -1;
        }
        size_t pos = 0;
        mp_obj *key;
        mp_hash_t hash;
        while (mp_dict_next_hash(other, &pos, &key, NULL, &hash))
            if (set_add_entry(so, key, hash))
                return -1;
        return 0;
    }
    mp_obj *it = mp_iter(other), *key;
    if (!it)
        return -1;
    while ((key = mp_iternext(it)) != NULL) {
        int r = mp_set_add(&so->head, key);
        mp_decref(key);
        if (r) {
            mp_decref(it);
            return -1;
        }
    }
    mp_decref(it);
    return mp_err_occurred() ? -1 : 0;
}

/* ---- construction ------------------------------------------------------------------ */

mp_obj *mp_set_make(mp_type *type, mp_obj *iterable) {
    mp_type *exact = mp_type_is_subtype(type, &mp_type_set) ? &mp_type_set : &mp_type_frozenset;
    mp_set *so = (mp_set *)mp_ctr_alloc(type, exact);
    set_empty_to_minsize(so);
    so->finger = 0;
    if (iterable && mp_set_update_internal(so, iterable)) {
        mp_decref(&so->head);
        return NULL;
    }
    return &so->head;
}

mp_obj *mp_set_make_basetype(mp_type *type, mp_obj *iterable) {
    if (type != &mp_type_set && type != &mp_type_frozenset)
        type = mp_type_is_subtype(type, &mp_type_set) ? &mp_type_set : &mp_type_frozenset;
    return mp_set_make(type, iterable);
}

mp_obj *mp_set_new(mp_obj *iterable_or_null) { return mp_set_make(&mp_type_set, iterable_or_null); }

mp_obj *mp_frozenset_new(mp_obj *iterable_or_null) {
    if (iterable_or_null && mp_isinstance_exact(iterable_or_null, &mp_type_frozenset))
        return mp_newref(iterable_or_null); /* frozenset(f) is f */
    return mp_set_make(&mp_type_frozenset, iterable_or_null);
}

void mp_set_dealloc(mp_obj *o) {
    if (mp_trash_begin(o))
        return;
    mp_set *so = SET(o);
    size_t used = so->used;
    for (mp_set_entry *e = so->table; used > 0; e++) {
        if (e->key && e->key != dummy) {
            used--;
            mp_decref(e->key);
        }
    }
    if (so->table != so->smalltable)
        mp_mem_free(so->table);
    mp_ctr_free(o, mp_set_is_set(o) ? &mp_type_set : &mp_type_frozenset);
    mp_trash_end();
}

/* Exchanges the contents of two sets (intersection_update builds the
 * result aside, then swaps it in). */
void mp_set_swap_bodies(mp_set *a, mp_set *b) {
    size_t t;
    mp_set_entry tab[MP_SET_MINSIZE];
    t = a->fill, a->fill = b->fill, b->fill = t;
    t = a->used, a->used = b->used, b->used = t;
    t = a->mask, a->mask = b->mask, b->mask = t;

    mp_set_entry *u = a->table == a->smalltable ? b->smalltable : a->table;
    a->table = b->table == b->smalltable ? a->smalltable : b->table;
    b->table = u;
    if (a->table == a->smalltable || b->table == b->smalltable) {
        memcpy(tab, a->smalltable, sizeof(tab));
        memcpy(a->smalltable, b->smalltable, sizeof(tab));
        memcpy(b->smalltable, tab, sizeof(tab));
    }
    if (mp_type_is_subtype(a->head.type, &mp_type_frozenset) &&
        mp_type_is_subtype(b->head.type, &mp_type_frozenset)) {
        mp_hash_t h = a->hash;
        a->hash = b->hash;
        b->hash = h;
    } else {
        a->hash = -1;
        b->hash = -1;
    }
}

/* ---- pop, hash ------------------------------------------------------------------- */

mp_obj *mp_set_pop(mp_set *so) {
    if (so->used == 0) {
        mp_err_format(&mp_type_KeyError, "pop from an empty set");
        return NULL;
    }
    /* Resume the search where the last pop() stopped. */
    mp_set_entry *entry = so->table + (so->finger & so->mask);
    mp_set_entry *limit = so->table + so->mask;
    while (entry->key == NULL || entry->key == dummy) {
        entry++;
        if (entry > limit)
            entry = so->table;
    }
    mp_obj *key = entry->key;
    entry->key = dummy;
    entry->hash = -1;
    so->used--;
    so->finger = (size_t)(entry - so->table) + 1;
    return key;
}

static uint64_t shuffle_bits(uint64_t h) { return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL; }

/* CPython's frozenset hash: order-independent xor of shuffled entry
 * hashes, computed over every slot and then corrected for the empty and
 * dummy ones. */
mp_hash_t mp_frozenset_hash(mp_obj *self) {
    mp_set *so = SET(self);
    if (so->hash != -1)
        return so->hash;
    uint64_t hash = 0;
    for (mp_set_entry *e = so->table; e <= &so->table[so->mask]; e++)
        hash ^= shuffle_bits((uint64_t)e->hash);
    if ((so->mask + 1 - so->fill) & 1)
        hash ^= shuffle_bits(0);
    if ((so->fill - so->used) & 1)
        hash ^= shuffle_bits((uint64_t)-1);
    hash ^= ((uint64_t)so->used + 1) * 1927868237UL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923UL;
    if (hash == (uint64_t)-1)
        hash = 590923713UL;
    so->hash = (mp_hash_t)hash;
    return so->hash;
}

/* ---- iterator ------------------------------------------------------------------------ */

typedef struct set_iter {
    mp_obj head;
    mp_obj *set; /* NULL once exhausted */
    size_t used; /* the set's size when iteration began */
    size_t pos;
    size_t len;
} set_iter;

mp_type mp_type_set_iterator;

mp_obj *mp_set_iter(mp_obj *self) {
    set_iter *it = (set_iter *)mp_obj_alloc(&mp_type_set_iterator, sizeof(set_iter));
    it->set = mp_newref(self);
    it->used = SET(self)->used;
    it->pos = 0;
    it->len = SET(self)->used;
    return &it->head;
}

static mp_obj *set_iter_next(mp_obj *o) {
    set_iter *it = (set_iter *)o;
    mp_set *so = (mp_set *)it->set;
    if (!so)
        return NULL;
    if (it->used != so->used) {
        mp_err_format(&mp_type_RuntimeError, "Set changed size during iteration");
        it->used = (size_t)-1; /* sticky */
        return NULL;
    }
    mp_set_entry *e;
    if (!mp_set_next_entry(so, &it->pos, &e)) {
        it->set = NULL;
        mp_decref(&so->head);
        return NULL;
    }
    it->len--;
    return mp_newref(e->key);
}

static void set_iter_dealloc(mp_obj *o) {
    mp_xdecref(((set_iter *)o)->set);
    mp_obj_free(o);
}

static mp_obj *set_iter_length_hint(mp_obj *self, mp_obj *const *args, size_t nargs,
                                    mp_obj *kwnames) {
    set_iter *it = (set_iter *)self;
    bool valid = it->set && it->used == SET(it->set)->used;
    return mp_small(valid ? (intptr_t)it->len : 0);
}

static const mp_method_def set_iter_methods[] = {
    {"__length_hint__", set_iter_length_hint, 0, NULL},
    {NULL},
};

mp_type mp_type_set_iterator = {
    .head = MP_STATIC_HEADER(&mp_type_type),
    .name = "set_iterator",
    .basicsize = sizeof(set_iter),
    .dealloc = set_iter_dealloc,
    .iter = mp_ctr_self_iter,
    .iternext = set_iter_next,
    .methods = set_iter_methods,
};
