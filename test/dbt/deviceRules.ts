/** The device rules of templates/warehouse/macros/product_warehouse.sql, restated for the oracle. */
export function device(agent: string | null): string {
  if (agent === null) return 'Unknown';
  const ua = agent.toLowerCase();
  if (ua.includes('ipad')) return 'iPad';
  if (ua.includes('iphone')) return 'iPhone';
  if (ua.includes('android')) return 'Android';
  if (ua.includes('macintosh')) return 'Mac';
  if (ua.includes('windows')) return 'Windows';
  if (ua.includes('linux')) return 'Linux';
  return 'Other';
}

export function deviceCategory(agent: string | null): string {
  if (agent === null) return 'unknown';
  const ua = agent.toLowerCase();
  if (ua.includes('ipad') || ua.includes('tablet')) return 'tablet';
  if (ua.includes('mobi') || ua.includes('iphone') || ua.includes('android')) return 'mobile';
  return 'desktop';
}
