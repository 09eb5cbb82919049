/* check.h - a tiny TAP-printing assertion helper for the host tests. */
#ifndef CHECK_H
#define CHECK_H
#include <stdio.h>
#include <stdlib.h>

static int check_n, check_failed;

#define CHECK(cond) do { \
		check_n++; \
		if (cond) { \
			printf("ok %d - %s\n", check_n, #cond); \
		} else { \
			check_failed++; \
			printf("not ok %d - %s (%s:%d)\n", check_n, #cond, __FILE__, __LINE__); \
		} \
	} while (0)

static inline int check_done(void)
{
	printf("1..%d\n# %d passed, %d failed\n", check_n, check_n - check_failed, check_failed);
	return check_failed ? 1 : 0;
}

/* Read a whole file; NULL on error. */
static inline unsigned char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *b = malloc(n > 0 ? n : 1);
	if (fread(b, 1, n, f) != (size_t)n) {
		free(b);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = n;
	return b;
}
#endif
