#ifndef CAMAUDIT_CCURLSHIM_H
#define CAMAUDIT_CCURLSHIM_H
// Swift cannot call C variadic functions, and curl_easy_setopt/getinfo are variadic:
// these typed wrappers give each argument kind its own non-variadic entry point.
#include <curl/curl.h>

CURLcode camaudit_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode camaudit_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode camaudit_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode camaudit_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode camaudit_curl_easy_setopt_write_callback(CURL *handle, CURLoption option,
    size_t (*callback)(char *, size_t, size_t, void *));
CURLcode camaudit_curl_easy_setopt_xferinfo_callback(CURL *handle,
    int (*callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t));

CURLcode camaudit_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode camaudit_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode camaudit_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLcode camaudit_curl_easy_getinfo_certinfo(CURL *handle, struct curl_certinfo **value);

CURLMcode camaudit_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

#endif
