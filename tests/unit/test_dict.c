/*
 * test_dict.c — dict: insertion order through deletes and resizes, the
 * version counter the VM's caches rely on, the str/int key fast paths,
 * methods, views and CPython's error messages.
 */
#include "runtime/obj_dict.h"
#include "runtime/obj_float.h"
#include "runtime/obj_set.h"
#include "unit/ctr_check.h"

static uint64_t version(mp_obj *d) { return ((mp_dict *)d)->version; }

static mp_obj *dict_of(int n) {
    mp_obj *d = mp_dict_new();
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(mp_dict_set(d, mp_small(i), mp_small(i * i)), 0);
    return d;
}

START_TEST(test_order_through_deletes) {
    mp_obj *d = dict_of(5);
    ck_assert_int_eq(mp_dict_del(d, mp_small(1)), 0);
    ck_assert_int_eq(mp_dict_del(d, mp_small(1)), 1); /* missing: no error */
    ck_assert(!mp_err_occurred());
    mp_dict_set(d, mp_small(1), mp_small(-1)); /* re-inserted at the end */
    mp_dict_set(d, mp_small(3), mp_small(33)); /* replaced in place */
    ck_repr(mp_newref(d), "{0: 0, 2: 4, 3: 33, 4: 16, 1: -1}");
    ck_repr(mp_dict_keys_list(d), "[0, 2, 3, 4, 1]");
    ck_assert_uint_eq(mp_dict_size(d), 5);
    mp_decref(d);
}
END_TEST

START_TEST(test_resize_many) {
    /* Same scenario as CPython: keys i*7 % 1009, delete every other. */
    mp_obj *d = mp_dict_new();
    for (int i = 0; i < 1000; i++)
        mp_dict_set(d, mp_small(i * 7 % 1009), mp_small(i));
    for (int i = 0; i < 1000; i += 2)
        ck_assert_int_eq(mp_dict_del(d, mp_small(i * 7 % 1009)), 0);
    ck_assert_uint_eq(mp_dict_size(d), 500);
    for (int i = 0; i < 1000; i++) {
        mp_obj *v = mp_dict_get(d, mp_small(i * 7 % 1009));
        if (i % 2)
            ck_assert_ptr_eq(v, mp_small(i));
        else
            ck_assert_ptr_null(v);
    }
    /* Order survives the compaction of later resizes. */
    for (int i = 1000; i < 3000; i++)
        mp_dict_set(d, mp_small(i * 7 % 1009 + 2000), mp_small(i));
    size_t pos = 0;
    mp_obj *k, *v;
    ck_assert(mp_dict_next(d, &pos, &k, &v));
    ck_assert_ptr_eq(k, mp_small(7));
    ck_assert(mp_dict_next(d, &pos, &k, &v));
    ck_assert_ptr_eq(k, mp_small(21));
    ck_assert_ptr_eq(mp_dict_get_hash(d, mp_small(7), 7), mp_small(1)); /* hash(7) == 7 */
    mp_decref(d);
}
END_TEST

START_TEST(test_version) {
    mp_obj *d = mp_dict_new(), *e = mp_dict_new();
    ck_assert_uint_ne(version(d), version(e)); /* one global counter */
    uint64_t v = version(d);
    mp_dict_set(d, mp_small(1), mp_small(1)); /* new key (and a resize) */
    ck_assert_uint_ne(version(d), v);
    v = version(d);
    mp_dict_set(d, mp_small(1), mp_small(2)); /* value replaced: same version */
    ck_assert_uint_eq(version(d), v);
    mp_obj *old = mp_dict_get(d, mp_small(1));
    ck_assert_ptr_eq(old, mp_small(2));
    mp_dict_set(d, mp_small(2), mp_small(2)); /* new key, no resize */
    ck_assert_uint_ne(version(d), v);
    v = version(d);
    ck_assert_int_eq(mp_dict_del(d, mp_small(2)), 0);
    ck_assert_uint_ne(version(d), v);
    v = version(d);
    mp_decref(ctr_call(d, "setdefault", 2, mp_small(1), mp_small(9))); /* present */
    ck_assert_uint_eq(version(d), v);
    mp_decref(ctr_call(d, "popitem", 0));
    ck_assert_uint_ne(version(d), v);
    v = version(d);
    mp_dict_set(d, mp_small(5), mp_small(5));
    ck_assert_uint_ne(version(d), v);
    v = version(d);
    mp_dict_clear(d);
    ck_assert_uint_ne(version(d), v);
    mp_decref(d);
    mp_decref(e);
}
END_TEST

START_TEST(test_str_keys) {
    mp_obj *d = mp_dict_new();
    mp_obj *k1 = mp_str_from_cstr("spam"), *k2 = mp_str_from_cstr("spam");
    ck_assert_ptr_ne(k1, k2);
    mp_dict_set(d, k1, mp_small(1));
    mp_dict_set(d, k2, mp_small(2)); /* equal text: the same key */
    ck_assert_uint_eq(mp_dict_size(d), 1);
    ck_assert_ptr_eq(mp_dict_get(d, k1), mp_small(2));
    ck_assert_ptr_eq(mp_dict_get_cstr(d, "spam"), mp_small(2)); /* interned lookup */
    mp_dict_set_cstr(d, "eggs", mp_small(3));
    mp_obj *k3 = mp_str_from_cstr("eggs");
    ck_assert_ptr_eq(mp_dict_get(d, k3), mp_small(3));
    ck_repr(mp_newref(d), "{'spam': 2, 'eggs': 3}");
    /* Many str keys with their (cached) hashes. */
    char buf[16];
    for (int i = 0; i < 500; i++) {
        snprintf(buf, sizeof buf, "k%d", i);
        mp_dict_set_cstr(d, buf, mp_small(i));
    }
    for (int i = 0; i < 500; i++) {
        snprintf(buf, sizeof buf, "k%d", i);
        mp_obj *k = mp_str_from_cstr(buf);
        ck_assert_ptr_eq(mp_dict_get(d, k), mp_small(i));
        mp_decref(k);
    }
    mp_decref(k1);
    mp_decref(k2);
    mp_decref(k3);
    mp_decref(d);
}
END_TEST

START_TEST(test_equal_numeric_keys) {
    mp_obj *d = mp_dict_new();
    mp_obj *one_f = mp_float_new(1.0);
    mp_dict_set(d, mp_small(1), mp_None);
    mp_dict_set(d, one_f, mp_small(2));
    mp_dict_set(d, mp_True, mp_small(3));
    ck_repr(mp_newref(d), "{1: 3}"); /* the first key stays */
    mp_obj *e = mp_dict_new();
    mp_dict_set(e, one_f, mp_small(0));
    ck_assert_ptr_eq(mp_dict_get(e, mp_small(1)), mp_small(0));
    ck_assert_ptr_eq(mp_dict_get(e, mp_True), mp_small(0));
    ck_repr(mp_newref(e), "{1.0: 0}");
    mp_decref(one_f);
    mp_decref(d);
    mp_decref(e);
}
END_TEST

START_TEST(test_methods_and_errors) {
    mp_obj *d = dict_of(3);
    ck_raises(mp_getitem(d, mp_small(7)), "KeyError: 7");
    mp_obj *t = mp_tuple_pack(1, mp_small(1));
    ck_raises(mp_getitem(d, t), "KeyError: (1,)");
    mp_obj *l = mp_list_new(0);
    ck_raises(mp_getitem(d, l), "TypeError: unhashable type: 'list'");
    ck_repr(ctr_call(d, "get", 1, mp_small(7)), "None");
    ck_repr(ctr_call(d, "get", 2, mp_small(7), mp_small(-7)), "-7");
    ck_raises(ctr_call(d, "get", 0), "TypeError: get expected at least 1 argument, got 0");
    ck_raises(ctr_call(d, "pop", 1, mp_small(7)), "KeyError: 7");
    ck_repr(ctr_call(d, "pop", 2, mp_small(7), mp_None), "None");
    ck_repr(ctr_call(d, "pop", 1, mp_small(0)), "0");
    ck_repr(ctr_call(d, "setdefault", 2, mp_small(9), mp_small(81)), "81");
    ck_repr(ctr_call(d, "popitem", 0), "(9, 81)");
    ck_repr(ctr_call(d, "popitem", 0), "(2, 4)");
    ck_repr(ctr_call(d, "popitem", 0), "(1, 1)");
    ck_raises(ctr_call(d, "popitem", 0), "KeyError: 'popitem(): dictionary is empty'");
    /* popitem frees trailing slots; the table keeps working. */
    for (int i = 0; i < 50; i++) {
        mp_dict_set(d, mp_small(i), mp_small(i));
        if (i % 3 == 0)
            mp_decref(ctr_call(d, "popitem", 0));
    }
    ck_assert_uint_eq(mp_dict_size(d), 33);
    ck_assert_int_eq(mp_setitem(d, t, mp_None), 0);
    ck_assert_int_eq(mp_delitem(d, t), 0);
    ck_assert_int_eq(mp_delitem(d, t), -1);
    ck_exc("KeyError: (1,)");
    mp_decref(l);
    mp_decref(t);
    mp_decref(d);
}
END_TEST

START_TEST(test_update_and_merge) {
    mp_obj *d = dict_of(2), *e = mp_dict_new();
    mp_dict_set(e, mp_small(1), mp_small(-1));
    mp_dict_set(e, mp_small(5), mp_small(-5));
    ck_assert_int_eq(mp_dict_update(d, e), 0);
    ck_repr(mp_newref(d), "{0: 0, 1: -1, 5: -5}");
    mp_obj *f = dict_of(2);
    ck_assert_int_eq(mp_dict_merge(f, e, 0), 0); /* keep existing */
    ck_repr(mp_newref(f), "{0: 0, 1: 1, 5: -5}");
    ck_assert_int_eq(mp_dict_merge(f, e, 2), -1); /* duplicates are errors */
    ck_exc("KeyError: 1");
    /* Iterables of pairs, with CPython's errors. */
    mp_obj *pairs = mp_list_new(0);
    mp_list_append_steal(pairs, mp_tuple_pack(2, mp_small(7), mp_small(49)));
    ck_assert_int_eq(mp_dict_update(f, pairs), 0);
    ck_repr(mp_newref(f), "{0: 0, 1: 1, 5: -5, 7: 49}");
    mp_list_append(pairs, mp_small(3));
    ck_assert_int_eq(mp_dict_update(f, pairs), -1);
    ck_exc("TypeError: cannot convert dictionary update sequence element #1 to a sequence");
    mp_obj *one = mp_tuple_pack(1, mp_small(3));
    ck_assert_int_eq(mp_setitem(pairs, mp_small(1), one), 0);
    mp_decref(one);
    ck_assert_int_eq(mp_dict_update(f, pairs), -1);
    ck_exc("ValueError: dictionary update sequence element #1 has length 1; 2 is required");
    ck_assert_int_eq(mp_dict_update(f, mp_small(3)), -1);
    ck_exc("TypeError: 'int' object is not iterable");
    ck_repr(mp_binop(d, e, MP_OP_OR), "{0: 0, 1: -1, 5: -5}");
    mp_decref(pairs);
    mp_decref(d);
    mp_decref(e);
    mp_decref(f);
}
END_TEST

START_TEST(test_views_and_iteration) {
    mp_obj *d = dict_of(3);
    ck_repr(ctr_call(d, "keys", 0), "dict_keys([0, 1, 2])");
    ck_repr(ctr_call(d, "values", 0), "dict_values([0, 1, 4])");
    mp_obj *items = ctr_call(d, "items", 0);
    ck_repr(mp_newref(items), "dict_items([(0, 0), (1, 1), (2, 4)])");
    mp_obj *t = mp_tuple_pack(2, mp_small(2), mp_small(4));
    ck_assert_int_eq(mp_contains(items, t), 1);
    mp_decref(t);
    mp_obj *keys = ctr_call(d, "keys", 0);
    mp_obj *s = mp_set_new(NULL);
    mp_set_add(s, mp_small(2));
    mp_set_add(s, mp_small(9));
    ck_repr(mp_binop(keys, s, MP_OP_AND), "{2}");
    ck_repr(mp_binop(keys, s, MP_OP_OR), "{0, 1, 2, 9}");
    ck_repr(mp_binop(keys, s, MP_OP_SUB), "{0, 1}");
    ck_assert_int_eq(mp_len(keys), 3);
    mp_dict_set(d, mp_small(3), mp_small(9)); /* views are live */
    ck_assert_int_eq(mp_len(keys), 4);
    mp_obj *rev = ctr_call(d, "__reversed__", 0);
    ck_repr(mp_list_from_iter(rev), "[3, 2, 1, 0]");
    mp_decref(rev);
    /* Changing the size while iterating is an error. */
    mp_obj *it = mp_iter(d);
    mp_obj *k = mp_iternext(it);
    mp_decref(k);
    mp_dict_set(d, mp_small(4), mp_small(16));
    ck_assert_ptr_null(mp_iternext(it));
    ck_exc("RuntimeError: dictionary changed size during iteration");
    mp_decref(it);
    /* Replacing values while iterating is fine. */
    it = mp_iter(items);
    mp_obj *kv;
    int n = 0;
    while ((kv = mp_iternext(it)) != NULL) {
        mp_dict_set(d, mp_tuple_items(kv)[0], mp_small(0));
        mp_decref(kv);
        n++;
    }
    ck_assert_int_eq(n, 5);
    ck_assert(!mp_err_occurred());
    mp_decref(it);
    mp_decref(s);
    mp_decref(keys);
    mp_decref(items);
    mp_decref(d);
}
END_TEST

START_TEST(test_repr_and_equality) {
    ck_repr(mp_dict_new(), "{}");
    mp_obj *d = mp_dict_new();
    mp_dict_set(d, mp_small(1), d);
    ck_repr(mp_newref(d), "{1: {...}}");
    mp_dict_clear(d);
    mp_obj *a = dict_of(3), *b = mp_dict_new();
    for (int i = 2; i >= 0; i--)
        mp_dict_set(b, mp_small(i), mp_small(i * i));
    ck_assert_int_eq(mp_richcompare_bool(a, b, MP_EQ), 1); /* order-blind */
    mp_dict_set(b, mp_small(2), mp_small(5));
    ck_assert_int_eq(mp_richcompare_bool(a, b, MP_EQ), 0);
    ck_assert_int_eq(mp_richcompare_bool(a, b, MP_NE), 1);
    ck_assert_ptr_null(mp_richcompare(a, b, MP_LT));
    ck_exc("TypeError: '<' not supported between instances of 'dict' and 'dict'");
    mp_obj *c = mp_dict_copy(a);
    ck_assert_int_eq(mp_richcompare_bool(a, c, MP_EQ), 1);
    ck_assert_ptr_ne(a, c);
    mp_decref(a);
    mp_decref(b);
    mp_decref(c);
    mp_decref(d);
}
END_TEST

static Suite *make_suite(void) {
    Suite *s = suite_create("dict");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_order_through_deletes);
    tcase_add_test(tc, test_resize_many);
    tcase_add_test(tc, test_version);
    tcase_add_test(tc, test_str_keys);
    tcase_add_test(tc, test_equal_numeric_keys);
    tcase_add_test(tc, test_methods_and_errors);
    tcase_add_test(tc, test_update_and_merge);
    tcase_add_test(tc, test_views_and_iteration);
    tcase_add_test(tc, test_repr_and_equality);
    suite_add_tcase(s, tc);
    return s;
}

MP_CHECK_MAIN(make_suite)
