#include <zlib.h>

// inflateInit2 is a macro that Swift cannot call; this passes zlib's version and stream size
// through it as the header intends.
static inline int vanish_inflateInit2(z_streamp stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}
