export interface ImageRequest {
  prompt: string;
  width: number;
  height: number;
  signal?: AbortSignal;
  /** Sample index 0..3: offline uses it to vary the drawing; others may ignore it. */
  variant?: number;
  /** Brand colours (#rrggbb) for the offline drawing. */
  colors?: string[];
}

export interface ImageResult {
  png: Buffer;
  width: number;
  height: number;
  model: string;
}

export interface Verdict {
  flagged: boolean;
  categories: string[];
  /** plain words for the user */
  reason: string | null;
}

export interface ImageProvider {
  /** 'openai' | 'gpu-pool' | 'offline' */
  readonly name: string;
  readonly offline: boolean;
  generate(req: ImageRequest): Promise<ImageResult>;
  /** Whether it can serve now (the pool: only with a text-to-image model); chains skip it when false. */
  available?(): Promise<boolean>;
}

export type TextModerator = (text: string, signal?: AbortSignal) => Promise<Verdict>;
export type ImageModerator = (png: Buffer, signal?: AbortSignal) => Promise<Verdict>;

export interface Upscaler {
  /** The image `scale` times larger (width × scale by height × scale), as a PNG. */
  upscale(png: Buffer, scale: 2 | 4, signal?: AbortSignal): Promise<Buffer<ArrayBuffer>>;
}
