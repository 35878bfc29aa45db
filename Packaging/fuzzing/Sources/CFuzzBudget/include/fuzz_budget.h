#ifndef FUZZ_BUDGET_H
#define FUZZ_BUDGET_H
#include <stddef.h>
#include <stdint.h>

/// Starts measuring one input: CPU time of this thread and the peak of live heap bytes.
void fuzz_budget_begin(void);
/// Ends it: the CPU milliseconds spent and the highest live heap growth (bytes) since begin.
void fuzz_budget_end(double *cpu_ms, size_t *peak_growth);

/// libFuzzer's driver (in libclang_rt.fuzzer): runs the fuzzing loop with the process's flags.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
