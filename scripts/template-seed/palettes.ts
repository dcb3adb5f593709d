import type { Look, Palette } from './layouts';

/** Palettes and type pairings the seeded templates share (all fonts are on Google Fonts). */
export const palettes = {
  coral: { bg: '#FFF4EC', primary: '#E4572E', accent: '#FFC857', ink: '#1F1A17', onPrimary: '#FFFFFF' },
  midnight: { bg: '#F2F4FA', primary: '#1B2A4A', accent: '#F2A541', ink: '#111827', onPrimary: '#FFFFFF' },
  forest: { bg: '#F3F7F0', primary: '#2F5D50', accent: '#C9E265', ink: '#17231F', onPrimary: '#FFFFFF' },
  berry: { bg: '#FDF0F5', primary: '#8E2C5A', accent: '#FF9FB2', ink: '#2A1020', onPrimary: '#FFFFFF' },
  ocean: { bg: '#EEF8FB', primary: '#0B6E99', accent: '#5CE1E6', ink: '#0C1E29', onPrimary: '#FFFFFF' },
  mono: { bg: '#FAFAFA', primary: '#111111', accent: '#FF3B30', ink: '#111111', onPrimary: '#FFFFFF' },
  sunset: { bg: '#FFF7E8', primary: '#7B2CBF', accent: '#FF8C42', ink: '#240046', onPrimary: '#FFFFFF' },
  sage: { bg: '#F6F5EF', primary: '#6B7F5E', accent: '#E8C39E', ink: '#2E2A24', onPrimary: '#FFFFFF' },
  festive: { bg: '#FFF8F0', primary: '#B3001B', accent: '#1E7F4F', ink: '#2B0A0E', onPrimary: '#FFFFFF' },
  electric: { bg: '#0F0F1A', primary: '#3A0CA3', accent: '#4CC9F0', ink: '#F5F5FF', onPrimary: '#FFFFFF' },
} satisfies Record<string, Palette>;
export type PaletteId = keyof typeof palettes;

export const fontPairs = {
  poppins: { head: 'Poppins', body: 'Inter' },
  playfair: { head: 'Playfair Display', body: 'Lato' },
  montserrat: { head: 'Montserrat', body: 'Open Sans' },
  bebas: { head: 'Bebas Neue', body: 'Roboto' },
  dmserif: { head: 'DM Serif Display', body: 'DM Sans' },
  oswald: { head: 'Oswald', body: 'Source Sans 3' },
  grotesk: { head: 'Space Grotesk', body: 'Inter' },
  lora: { head: 'Lora', body: 'Nunito' },
} satisfies Record<string, Look['fonts']>;
export type FontPairId = keyof typeof fontPairs;
