// Per-input budgets that libFuzzer's own flags cannot express: -timeout takes whole seconds
// (the bar is 100 ms) and -rss_limit_mb measures the whole process, ASan's shadow and
// quarantine and libFuzzer's corpus included. The sanitizer allocator's hooks see every malloc
// and free, so live heap growth per input is exact. Written in C because a hook runs inside
// malloc and must not allocate.
#include "fuzz_budget.h"
#include <stdint.h>
#include <time.h>

size_t __sanitizer_get_allocated_size(const volatile void *p);
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *, size_t),
                                              void (*free_hook)(const volatile void *));

// Bytes allocated since begin minus those freed: below zero when an input frees older memory.
static long long signed_live;
static long long peak;
static int installed;

static void on_malloc(const volatile void *p, size_t size) {
    (void)p;
    signed_live += (long long)size;
    if (signed_live > peak) peak = signed_live;
}

static void on_free(const volatile void *p) {
    if (p) signed_live -= (long long)__sanitizer_get_allocated_size(p);
}

static double thread_cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static double started;

void fuzz_budget_begin(void) {
    if (!installed) {
        __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
        installed = 1;
    }
    signed_live = 0;
    peak = 0;
    started = thread_cpu_ms();
}

void fuzz_budget_end(double *cpu_ms, size_t *peak_growth) {
    *cpu_ms = thread_cpu_ms() - started;
    *peak_growth = peak > 0 ? (size_t)peak : 0;
}
