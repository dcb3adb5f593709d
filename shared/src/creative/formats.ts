/**
 * Project formats (PRODUCT.md §3) with the pixel size each social network recommends; `custom` takes
 * any width and height of 50–4,096 px.
 */
export const formats = {
  instagram_post: { label: 'Instagram post (1:1)', width: 1080, height: 1080 },
  instagram_story: { label: 'Instagram story / reel (9:16)', width: 1080, height: 1920 },
  facebook_post: { label: 'Facebook post', width: 1200, height: 630 },
  linkedin_post: { label: 'LinkedIn post', width: 1200, height: 627 },
  x_post: { label: 'X post', width: 1600, height: 900 },
  tiktok: { label: 'TikTok (9:16)', width: 1080, height: 1920 },
  youtube_thumbnail: { label: 'YouTube thumbnail (16:9)', width: 1280, height: 720 },
  pinterest_pin: { label: 'Pinterest pin (2:3)', width: 1000, height: 1500 },
} as const;
export type FormatId = keyof typeof formats | 'custom';
export const formatIds = [...(Object.keys(formats) as Array<keyof typeof formats>), 'custom'] as const;
export const CUSTOM_MIN_PX = 50;
export const CUSTOM_MAX_PX = 4096;
