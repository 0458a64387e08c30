// The public cmark-gfm headers only. The private headers in /usr/include/cmark-gfm/ stay out.
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
