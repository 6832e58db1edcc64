export const BRAND_BLUE = '#0b2a5b';
export const BRAND_BLUE_LIGHT = '#1554ad';
