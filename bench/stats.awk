# Order statistics shared by the make bench scripts (POSIX awk): an
# insertion sort, the median, a percentile, and the bounds of a
# distribution-free ~95% confidence interval of the median (ranks
# n/2 -+ 0.98 sqrt(n)) of a sorted array a[1..n].  The scripts prepend it
# to their own programs: AWKLIB=$(cat bench/stats.awk).
function isort(a, n,   i, j, v) {
	for (i = 2; i <= n; i++) {
		v = a[i]
		for (j = i - 1; j >= 1 && a[j] > v; j--)
			a[j + 1] = a[j]
		a[j + 1] = v
	}
}
function pct(a, n, q,   k) {
	k = int(q * n + 0.999999)
	if (k < 1) k = 1
	if (k > n) k = n
	return a[k]
}
function med(a, n) {
	if (n == 0) return 0
	if (n % 2) return a[(n + 1) / 2]
	return (a[n / 2] + a[n / 2 + 1]) / 2
}
function cilo(a, n,   k) {
	k = int(n / 2 - 0.98 * sqrt(n))
	if (k < 1) k = 1
	return a[k]
}
function cihi(a, n,   k) {
	k = int(1 + n / 2 + 0.98 * sqrt(n) + 0.999999)
	if (k > n) k = n
	return a[k]
}
