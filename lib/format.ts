const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "2029-06-30" -> "30 Jun 2029". Spelled out by hand rather than with Intl, whose month
 * abbreviations differ between runtimes ("Sep" / "Sept"): the server and every browser agree.
 */
export function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}
