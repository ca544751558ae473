/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-lru-cache.c: src/lru-cache.c: values come back as stored, keys
 * are bytes (NULs included), a newer value replaces an older one, the
 * least recently used entry goes first, the budget is never exceeded,
 * an entry too big for the budget is refused, and thousands of entries
 * (the table growing) all stay reachable while they fit.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lru-cache.h"

/* The value under the NUL-terminated key, as a string, or NULL. */
static const char *
get(struct ds_lru *c, const char *key)
{
	static char buf[256];
	const void *v;
	size_t len;

	v = ds_lru_get(c, key, strlen(key), &len);
	if (v == NULL)
		return NULL;
	assert_true(len < sizeof buf);
	memcpy(buf, v, len);
	buf[len] = '\0';
	return buf;
}

static int
put(struct ds_lru *c, const char *key, const char *value)
{
	return ds_lru_put(c, key, strlen(key), value, strlen(value));
}

static void
test_put_get(void **state)
{
	struct ds_lru *c = ds_lru_new(1 << 20);

	(void)state;
	assert_non_null(c);
	assert_null(get(c, "a"));
	assert_int_equal(put(c, "a", "apple"), 0);
	assert_int_equal(put(c, "b", "banana"), 0);
	assert_string_equal(get(c, "a"), "apple");
	assert_string_equal(get(c, "b"), "banana");
	assert_null(get(c, "ab"));
	assert_int_equal(ds_lru_count(c), 2);
	assert_int_equal(ds_lru_bytes(c),
			 2 * DS_LRU_OVERHEAD + 1 + 5 + 1 + 6);

	/* Replacing: the new value, counted once. */
	assert_int_equal(put(c, "a", "avocado"), 0);
	assert_string_equal(get(c, "a"), "avocado");
	assert_int_equal(ds_lru_count(c), 2);
	assert_int_equal(ds_lru_bytes(c),
			 2 * DS_LRU_OVERHEAD + 1 + 7 + 1 + 6);

	/* An empty value is a value. */
	assert_int_equal(put(c, "e", ""), 0);
	assert_string_equal(get(c, "e"), "");

	ds_lru_clear(c);
	assert_int_equal(ds_lru_count(c), 0);
	assert_int_equal(ds_lru_bytes(c), 0);
	assert_null(get(c, "a"));
	ds_lru_free(c);
	ds_lru_free(NULL);
}

static void
test_binary_keys(void **state)
{
	struct ds_lru *c = ds_lru_new(1 << 20);
	const char k1[] = {'q', '\0', 'x'}, k2[] = {'q', '\0', 'y'};
	const void *v;
	size_t len;

	(void)state;
	assert_int_equal(ds_lru_put(c, k1, sizeof k1, "one", 3), 0);
	assert_int_equal(ds_lru_put(c, k2, sizeof k2, "two\0!", 5), 0);
	v = ds_lru_get(c, k1, sizeof k1, &len);
	assert_non_null(v);
	assert_int_equal(len, 3);
	assert_memory_equal(v, "one", 3);
	v = ds_lru_get(c, k2, sizeof k2, &len);
	assert_non_null(v);
	assert_int_equal(len, 5);
	assert_memory_equal(v, "two\0!", 5);
	assert_null(ds_lru_get(c, "q", 1, &len));
	ds_lru_free(c);
}

static void
test_least_recent_goes(void **state)
{
	/* Room for three entries of (1 + 10) bytes and the overhead. */
	size_t one = DS_LRU_OVERHEAD + 1 + 10;
	struct ds_lru *c;

	(void)state;
	/* An entry may take an eighth of the budget: here it is more. */
	c = ds_lru_new(3 * one + one / 2);
	assert_int_equal(put(c, "a", "0123456789"), 1);
	ds_lru_free(c);

	c = ds_lru_new(8 * one * 3 + one / 2);
	/* Room for 24 such entries; the 25th pushes out the oldest. */
	{
		char key[8];
		int i;

		for (i = 0; i < 24; i++) {
			snprintf(key, sizeof key, "%c", 'a' + i);
			assert_int_equal(put(c, key, "0123456789"), 0);
		}
		assert_int_equal(ds_lru_count(c), 24);
		/* Using "a" makes "b" the oldest. */
		assert_non_null(get(c, "a"));
		assert_int_equal(put(c, "y", "0123456789"), 0);
		assert_int_equal(ds_lru_count(c), 24);
		assert_null(get(c, "b"));
		assert_non_null(get(c, "a"));
		assert_non_null(get(c, "c"));
		assert_non_null(get(c, "y"));
		assert_true(ds_lru_bytes(c) <= 8 * one * 3 + one / 2);
	}
	ds_lru_free(c);
}

static void
test_budget(void **state)
{
	size_t budget = 64 * 1024;
	struct ds_lru *c = ds_lru_new(budget);
	char key[32], value[2000];
	size_t kept = 0;
	int i;

	(void)state;
	memset(value, 'v', sizeof value);
	for (i = 0; i < 5000; i++) {
		size_t len = (size_t)(i * 37) % sizeof value;

		snprintf(key, sizeof key, "key-%d", i);
		assert_int_equal(ds_lru_put(c, key, strlen(key), value, len),
				 0);
		assert_true(ds_lru_bytes(c) <= budget);
	}
	/* The newest are all there, the oldest gone. */
	for (i = 4999; i >= 0; i--) {
		size_t len;

		snprintf(key, sizeof key, "key-%d", i);
		if (ds_lru_get(c, key, strlen(key), &len) == NULL)
			break;
		assert_int_equal(len, (size_t)(i * 37) % sizeof value);
		kept++;
	}
	assert_int_equal(kept, ds_lru_count(c));
	snprintf(key, sizeof key, "key-%d", 0);
	assert_null(ds_lru_get(c, key, strlen(key), &(size_t){0}));

	/* An entry of more than an eighth of the budget is refused ... */
	assert_int_equal(ds_lru_put(c, "key-4999", 8, value, budget / 8), 1);
	/* ... and the old value under its key is forgotten. */
	assert_null(get(c, "key-4999"));
	ds_lru_free(c);
}

static void
test_many(void **state)
{
	struct ds_lru *c = ds_lru_new((size_t)64 << 20);
	char key[32], value[32];
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		snprintf(value, sizeof value, "v%d", i * 7);
		assert_int_equal(put(c, key, value), 0);
	}
	assert_int_equal(ds_lru_count(c), 20000);
	for (i = 0; i < 20000; i += 7) {
		snprintf(key, sizeof key, "k%d", i);
		snprintf(value, sizeof value, "v%d", i * 7);
		assert_string_equal(get(c, key), value);
	}
	ds_lru_free(c);
}

static void
test_zero_budget(void **state)
{
	struct ds_lru *c = ds_lru_new(0);

	(void)state;
	assert_int_equal(put(c, "a", "b"), 1);
	assert_null(get(c, "a"));
	assert_int_equal(ds_lru_count(c), 0);
	ds_lru_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get),
		cmocka_unit_test(test_binary_keys),
		cmocka_unit_test(test_least_recent_goes),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_zero_budget),
	};

	return cmocka_run_group_tests_name("lru-cache", tests, NULL, NULL);
}
