/*
 * printf.c - vsnprintf for the kernel: %d %i %u %x %X %o %p %s %c %%,
 * the h, hh, l, ll, z and j length modifiers, flags '-', '0', '+', ' ', '#',
 * field width and precision (also '*').  No floating point.
 */
#include <kernel.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, unsigned long long v, int base, bool upper,
		    bool neg, int width, int prec, bool left, bool zero,
		    char sign, const char *prefix)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0, plen = 0, pad;

	if (v == 0 && prec != 0)
		tmp[n++] = '0';
	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (neg)
		sign = '-';
	if (prefix)
		plen = strlen(prefix);
	int digits_n = prec > n ? prec : n;
	pad = width - digits_n - plen - (sign ? 1 : 0);
	if (prec >= 0)
		zero = false;
	if (!left && !zero)
		for (; pad > 0; pad--)
			put(o, ' ');
	if (sign)
		put(o, sign);
	for (int i = 0; i < plen; i++)
		put(o, prefix[i]);
	if (!left && zero)
		for (; pad > 0; pad--)
			put(o, '0');
	for (int i = n; i < prec; i++)
		put(o, '0');
	while (n)
		put(o, tmp[--n]);
	for (; pad > 0; pad--)
		put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		bool left = false, zero = false, alt = false;
		char sign = 0;
		int width = 0, prec = -1, lng = 0;

		for (;; fmt++) {
			char f = fmt[1];
			if (f == '-') left = true;
			else if (f == '0') zero = true;
			else if (f == '+') sign = '+';
			else if (f == ' ') { if (!sign) sign = ' '; }
			else if (f == '#') alt = true;
			else break;
		}
		fmt++;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l') lng++;
			else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't') lng = 2;
			else if (*fmt == 'h') lng = lng > 0 ? lng : -1;
			else break;
		}
		if (!*fmt)
			break;
		unsigned long long u;
		long long s;
		switch (*fmt) {
		case 'd':
		case 'i':
			s = lng >= 2 ? va_arg(ap, long long) : lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, s < 0 ? -(unsigned long long)s : (unsigned long long)s, 10, false,
				s < 0, width, prec, left, zero, sign, NULL);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = lng >= 2 ? va_arg(ap, unsigned long long) : lng == 1 ? va_arg(ap, unsigned long)
								  : va_arg(ap, unsigned int);
			put_num(&o, u, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X', false,
				width, prec, left, zero, 0,
				alt && u ? (*fmt == 'o' ? "0" : *fmt == 'X' ? "0X" : *fmt == 'x' ? "0x" : NULL) : NULL);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			put_num(&o, u, 16, false, false, width, prec, left, zero, 0, "0x");
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			if (!left)
				for (; width > 1; width--)
					put(&o, ' ');
			put(&o, c);
			for (; width > 1; width--)
				put(&o, ' ');
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			int n = prec >= 0 ? (int)strnlen(str, prec) : (int)strlen(str);
			if (!left)
				for (int i = n; i < width; i++)
					put(&o, ' ');
			for (int i = 0; i < n; i++)
				put(&o, str[i]);
			if (left)
				for (int i = n; i < width; i++)
					put(&o, ' ');
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
