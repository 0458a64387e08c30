// CPrefetch is one inline function in include/CPrefetch.h; SwiftPM needs a source file in a C target.
#include "CPrefetch.h"
