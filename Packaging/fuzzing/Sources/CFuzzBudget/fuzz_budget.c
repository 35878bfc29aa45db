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
// Atomic: the analyser dissects on other threads while an input runs.
static long long signed_live;
static long long peak;
static int installed;

static void on_malloc(const volatile void *p, size_t size) {
    (void)p;
    long long now = __atomic_add_fetch(&signed_live, (long long)size, __ATOMIC_RELAXED);
    long long seen = __atomic_load_n(&peak, __ATOMIC_RELAXED);
    while (now > seen && !__atomic_compare_exchange_n(&peak, &seen, now, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {}
}

static void on_free(const volatile void *p) {
    if (p) __atomic_sub_fetch(&signed_live, (long long)__sanitizer_get_allocated_size(p), __ATOMIC_RELAXED);
}

// The whole process's CPU time, not the calling thread's: the analyser dissects a file's
// payloads on other threads, and their time is the input's too.
static double process_cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static double started;

void fuzz_budget_begin(void) {
    if (!installed) {
        __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
        installed = 1;
    }
    __atomic_store_n(&signed_live, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&peak, 0, __ATOMIC_RELAXED);
    started = process_cpu_ms();
}

void fuzz_budget_end(double *cpu_ms, size_t *peak_growth) {
    *cpu_ms = process_cpu_ms() - started;
    long long grown = __atomic_load_n(&peak, __ATOMIC_RELAXED);
    *peak_growth = grown > 0 ? (size_t)grown : 0;
}
