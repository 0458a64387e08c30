// CProcessorHints is inline functions in include/CProcessorHints.h; SwiftPM needs a source file in a C target.
#include "CProcessorHints.h"
