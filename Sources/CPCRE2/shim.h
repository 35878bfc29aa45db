// PCRE2 needs its code-unit width chosen before the header is read; camaudit matches bytes (8-bit).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
