#ifndef PROXLAB_CZLIB_SHIM_H
#define PROXLAB_CZLIB_SHIM_H
#include <zlib.h>
#endif
