//! Residents' photos, cleaned before they are stored: a phone's photo carries where it was
//! taken (EXIF GPS), the phone, the time and sometimes the owner's name, none of which a
//! resident means to send with a picture of a broken lift. Rather than strip metadata we
//! know of, the photo is decoded to pixels and encoded afresh, so nothing of the original
//! file survives but the picture. The same step turns it the right way up, shrinks it to a
//! size staff can open anywhere, and refuses anything that is not a JPEG or PNG.
//!
//! Decoding and encoding are CPU-heavy (up to a second or so for a large photo): callers run
//! [`clean`] in `tokio::task::spawn_blocking`, never on the async runtime's own threads.

use image::{
    codecs::{jpeg::JpegEncoder, png::PngEncoder},
    imageops::FilterType,
    ColorType, DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits,
};
use std::io::Cursor;

/// The largest upload taken: a modern phone's photo is 2–6 MB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The longest side kept: plenty to see a damp patch, and small enough to open on any device.
pub const MAX_SIDE: u32 = 2000;
/// Photos one submission may carry.
pub const MAX_PHOTOS: usize = 3;

/// The most pixels decoded. A 10 MB file can declare far more than it holds (a decompression
/// bomb): this bounds the memory one upload can take, and no phone camera comes near it.
const MAX_PIXELS: u64 = 40_000_000;
/// The longest side decoded, for the same reason.
const MAX_DECODE_SIDE: u32 = 12_000;
/// What the decoder may allocate: 40 megapixels of RGBA at 8 bits with room to spare.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// A photo as stored: pixels only, in a format every browser shows.
#[derive(Clone, PartialEq, Eq)]
pub struct CleanPhoto {
    /// `image/jpeg` or `image/png`.
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Without the bytes, which would fill a log.
impl std::fmt::Debug for CleanPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CleanPhoto")
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

/// Why a photo was refused. The messages are for logs; a resident reads the translation
/// named by [`PhotoError::key`].
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PhotoError {
    #[error("the photo is larger than 10 MB")]
    TooBig,
    #[error("the file is not a JPEG or PNG image")]
    NotAnImage,
    #[error("the image declares more pixels than are decoded")]
    TooManyPixels,
    #[error("the image is damaged or cannot be decoded")]
    Unreadable,
}

impl PhotoError {
    /// The translation key of what the resident is told.
    pub fn key(&self) -> &'static str {
        match self {
            PhotoError::TooBig => "photo-error-too-big",
            PhotoError::NotAnImage => "photo-error-not-image",
            PhotoError::TooManyPixels => "photo-error-too-many-pixels",
            PhotoError::Unreadable => "photo-error-unreadable",
        }
    }
}

/// The photo decoded, turned the right way up, shrunk to fit [`MAX_SIDE`] and encoded anew:
/// JPEG (quality 85) from a JPEG, PNG from a PNG. The format comes from the bytes themselves,
/// never from a file name or the type the browser declared. CPU-heavy: call it from
/// `tokio::task::spawn_blocking`.
pub fn clean(bytes: &[u8]) -> Result<CleanPhoto, PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooBig);
    }
    let format = match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png)) => format,
        _ => return Err(PhotoError::NotAnImage),
    };
    // The decoder's own limits are a second guard behind the check below: they refuse an
    // oversized header as it is read, and bound what the decoder allocates.
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODE_SIDE);
    limits.max_image_height = Some(MAX_DECODE_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    // Reads the headers only: no pixel is decoded before the size is known to be sane.
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let (width, height) = decoder.dimensions();
    if width > MAX_DECODE_SIDE
        || height > MAX_DECODE_SIDE
        || u64::from(width) * u64::from(height) > MAX_PIXELS
        || decoder.total_bytes() > MAX_ALLOC
    {
        return Err(PhotoError::TooManyPixels);
    }
    // Phones store a photo as the sensor saw it and say in EXIF which way up it goes; that
    // note goes with the metadata, so it is applied to the pixels here. A damaged note is
    // ignored rather than refusing the photo.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    if format == ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        return Err(PhotoError::Unreadable);
    }
    let mut image = DynamicImage::from_decoder(decoder).map_err(refused)?;
    image.apply_orientation(orientation);
    if image.width() > MAX_SIDE || image.height() > MAX_SIDE {
        // Keeps the aspect ratio, fitting within MAX_SIDE × MAX_SIDE.
        image = image.resize(MAX_SIDE, MAX_SIDE, FilterType::CatmullRom);
    }
    let (width, height) = (image.width(), image.height());
    let mut out = Vec::new();
    let content_type = match format {
        ImageFormat::Png => {
            // 8 bits a channel is all a photo needs, at half the size of 16.
            let image = match image.color() {
                ColorType::L16 => DynamicImage::ImageLuma8(image.into_luma8()),
                ColorType::La16 => DynamicImage::ImageLumaA8(image.into_luma_alpha8()),
                ColorType::Rgb16 => DynamicImage::ImageRgb8(image.into_rgb8()),
                ColorType::Rgba16 => DynamicImage::ImageRgba8(image.into_rgba8()),
                _ => image,
            };
            image
                .write_with_encoder(PngEncoder::new(&mut out))
                .map_err(|_| PhotoError::Unreadable)?;
            "image/png"
        }
        _ => {
            DynamicImage::ImageRgb8(image.into_rgb8())
                .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 85))
                .map_err(|_| PhotoError::Unreadable)?;
            "image/jpeg"
        }
    };
    Ok(CleanPhoto {
        content_type,
        bytes: out,
        width,
        height,
    })
}

/// A decoder's limit tripped means the image is too large; anything else, damaged.
fn refused(e: ImageError) -> PhotoError {
    match e {
        ImageError::Limits(_) => PhotoError::TooManyPixels,
        _ => PhotoError::Unreadable,
    }
}

/// Whether a JPEG runs to its end-of-image marker. The decoder makes up the rest of a
/// truncated file (grey from where the data stops) rather than failing, and half a photo is
/// refused as damaged rather than stored as if it were the whole. Walks the segments, so an
/// end marker inside an EXIF thumbnail does not count; anything after the end (some phones
/// append their own data) is ignored.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    // After the start-of-image marker.
    let mut i = 2;
    loop {
        // A marker, perhaps after fill bytes: 0xFF then its code.
        while bytes.get(i..i + 2) == Some(&[0xFF, 0xFF]) {
            i += 1;
        }
        let Some(&[0xFF, code]) = bytes.get(i..i + 2) else {
            return false;
        };
        i += 2;
        match code {
            0xD9 => return true,
            // Markers without a length: TEM and the restart markers.
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(&[high, low]) = bytes.get(i..i + 2) else {
            return false;
        };
        let length = usize::from(u16::from_be_bytes([high, low]));
        if length < 2 {
            return false;
        }
        i += length;
        if code == 0xDA {
            // A scan's coded data follows, up to the next marker: 0xFF not followed by a
            // stuffed zero or a restart code.
            loop {
                let Some(at) = bytes
                    .get(i..)
                    .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
                else {
                    return false;
                };
                i += at;
                match bytes.get(i + 1) {
                    None => return false,
                    Some(0x00 | 0xD0..=0xD7) => i += 2,
                    Some(_) => break,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GrayImage, Luma, Rgb, RgbImage};

    fn picture(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x * 7 % 256) as u8, (y * 5 % 256) as u8, 128])
        })
    }

    fn jpeg(image: RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
            .unwrap();
        out
    }

    fn png(image: DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        image.write_with_encoder(PngEncoder::new(&mut out)).unwrap();
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    /// A JPEG marker segment: the marker, its length (which counts itself), the data.
    fn segment(marker: u8, data: &[u8]) -> Vec<u8> {
        let mut out = vec![0xFF, marker];
        out.extend_from_slice(&u16::try_from(data.len() + 2).unwrap().to_be_bytes());
        out.extend_from_slice(data);
        out
    }

    /// An APP1 EXIF block, big-endian TIFF: the orientation and an image description
    /// carrying `marker`.
    fn exif(orientation: u16, marker: &str) -> Vec<u8> {
        let text = format!("{marker}\0");
        let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend_from_slice(&2u16.to_be_bytes());
        // Orientation: tag 0x0112, SHORT, one value, padded to four bytes.
        tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
        tiff.extend_from_slice(&orientation.to_be_bytes());
        tiff.extend_from_slice(&[0, 0]);
        // ImageDescription: tag 0x010E, ASCII, stored after the IFD at offset 38.
        tiff.extend_from_slice(&[0x01, 0x0E, 0, 2]);
        tiff.extend_from_slice(&u32::try_from(text.len()).unwrap().to_be_bytes());
        tiff.extend_from_slice(&38u32.to_be_bytes());
        tiff.extend_from_slice(&0u32.to_be_bytes());
        tiff.extend_from_slice(text.as_bytes());
        let mut data = b"Exif\0\0".to_vec();
        data.extend(tiff);
        segment(0xE1, &data)
    }

    /// The JPEG with segments put straight after its start-of-image marker.
    fn with_segments(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec();
        for s in segments {
            out.extend_from_slice(s);
        }
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A PNG chunk with its CRC.
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut checked = kind.to_vec();
        checked.extend_from_slice(data);
        out.extend_from_slice(&crc32(&checked).to_be_bytes());
        out
    }

    /// A PNG that is a header only: it claims `width` × `height` RGBA and holds a few bytes.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        out.extend(chunk(b"IHDR", &ihdr));
        out.extend(chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0x00, 0x00]));
        out.extend(chunk(b"IEND", &[]));
        out
    }

    /// The JPEG with its frame header rewritten to claim `width` × `height`.
    fn jpeg_claiming(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
        let mut out = jpeg.to_vec();
        let sof = out
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline frame header");
        out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
        out
    }

    #[test]
    fn exif_xmp_and_comments_do_not_survive_a_jpeg() {
        let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
        xmp.extend_from_slice(
            b"<x:xmpmeta><rdf:Description>XMP-MARKER-Jo-Bloggs</rdf:Description></x:xmpmeta>",
        );
        let original = with_segments(
            &jpeg(picture(64, 48)),
            &[
                exif(1, "GPS-MARKER-51.5150N"),
                segment(0xE1, &xmp),
                segment(0xFE, b"COMMENT-MARKER-Pixel-8"),
            ],
        );
        assert!(contains(&original, b"GPS-MARKER-51.5150N"));
        assert!(
            image::load_from_memory(&original).is_ok(),
            "the test file is valid"
        );

        let clean = clean(&original).unwrap();
        assert_eq!(clean.content_type, "image/jpeg");
        assert_eq!((clean.width, clean.height), (64, 48));
        for marker in [
            &b"GPS-MARKER-51.5150N"[..],
            b"XMP-MARKER",
            b"COMMENT-MARKER",
            b"Exif",
            b"http://ns.adobe.com",
        ] {
            assert!(!contains(&clean.bytes, marker), "{marker:?} survived");
        }
        let decoded = image::load_from_memory_with_format(&clean.bytes, ImageFormat::Jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (64, 48));
    }

    #[test]
    fn text_chunks_do_not_survive_a_png() {
        let original = png(DynamicImage::ImageRgb8(picture(40, 30)));
        // After the signature (8) and IHDR (25): a tEXt and an iTXt chunk.
        let mut with_text = original[..33].to_vec();
        with_text.extend(chunk(b"tEXt", b"Comment\0PNG-TEXT-MARKER-E1-6AN"));
        with_text.extend(chunk(b"iTXt", b"Author\0\0\0\0\0ITXT-MARKER-Jo"));
        with_text.extend_from_slice(&original[33..]);
        let decoded = image::load_from_memory(&with_text).unwrap();
        assert_eq!(decoded.width(), 40, "the test file is valid");

        let clean = clean(&with_text).unwrap();
        assert_eq!(clean.content_type, "image/png");
        assert!(!contains(&clean.bytes, b"PNG-TEXT-MARKER"));
        assert!(!contains(&clean.bytes, b"ITXT-MARKER"));
        assert!(!contains(&clean.bytes, b"tEXt"));
        let out = image::load_from_memory_with_format(&clean.bytes, ImageFormat::Png).unwrap();
        // PNG is lossless: the same pixels.
        assert_eq!(out.to_rgb8(), picture(40, 30));
    }

    #[test]
    fn a_large_photo_is_shrunk_keeping_its_shape_and_a_small_one_is_not() {
        let large = png(DynamicImage::ImageLuma8(GrayImage::from_fn(
            3000,
            1500,
            |x, _| Luma([(x % 256) as u8]),
        )));
        let clean = clean(&large).unwrap();
        assert_eq!((clean.width, clean.height), (2000, 1000));
        let out = image::load_from_memory(&clean.bytes).unwrap();
        assert_eq!((out.width(), out.height()), (2000, 1000));

        let small = clean_jpeg(picture(300, 200));
        assert_eq!((small.width, small.height), (300, 200));
    }

    fn clean_jpeg(image: RgbImage) -> CleanPhoto {
        clean(&jpeg(image)).unwrap()
    }

    #[test]
    fn the_exif_orientation_is_applied_to_the_pixels() {
        // Red on the left, blue on the right, stored with "rotate 90° clockwise to view".
        let sideways = RgbImage::from_fn(40, 20, |x, _| {
            if x < 20 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        });
        let original = with_segments(&jpeg(sideways), &[exif(6, "orientation")]);
        let clean = clean(&original).unwrap();
        assert_eq!((clean.width, clean.height), (20, 40));
        let upright = image::load_from_memory(&clean.bytes).unwrap().to_rgb8();
        let top = upright.get_pixel(10, 5);
        let bottom = upright.get_pixel(10, 35);
        assert!(top[0] > 200 && top[2] < 60, "{top:?}");
        assert!(bottom[2] > 200 && bottom[0] < 60, "{bottom:?}");
    }

    #[test]
    fn anything_but_a_jpeg_or_png_is_not_an_image() {
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        let text = b"Dear council, the lift at Brick Lane is broken again.";
        for bytes in [&noise[..], &gif[..], &text[..], &[][..]] {
            assert_eq!(clean(bytes), Err(PhotoError::NotAnImage));
        }
    }

    #[test]
    fn more_than_ten_megabytes_is_too_big_before_anything_else() {
        let mut big = jpeg(picture(8, 8));
        big.resize(11 * 1024 * 1024, 0);
        assert_eq!(clean(&big), Err(PhotoError::TooBig));
        assert_eq!(clean(&vec![0; MAX_BYTES + 1]), Err(PhotoError::TooBig));
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let bomb = png_claiming(30_000, 30_000);
        assert!(bomb.len() < 100);
        assert_eq!(clean(&bomb), Err(PhotoError::TooManyPixels));
        // Each side within bounds, the whole too many pixels (50 million).
        assert_eq!(
            clean(&png_claiming(10_000, 5_000)),
            Err(PhotoError::TooManyPixels)
        );
        let small = jpeg(picture(16, 16));
        assert_eq!(
            clean(&jpeg_claiming(&small, 30_000, 30_000)),
            Err(PhotoError::TooManyPixels)
        );
        assert_eq!(
            clean(&jpeg_claiming(&small, 9_000, 9_000)),
            Err(PhotoError::TooManyPixels)
        );
    }

    #[test]
    fn a_truncated_or_damaged_image_is_unreadable() {
        let whole = jpeg(picture(256, 256));
        assert_eq!(
            clean(&whole[..whole.len() / 2]),
            Err(PhotoError::Unreadable)
        );
        assert_eq!(clean(&whole[..40]), Err(PhotoError::Unreadable));
        // Cut just before its end-of-image marker.
        let whole = jpeg(picture(256, 256));
        assert_eq!(
            clean(&whole[..whole.len() - 2]),
            Err(PhotoError::Unreadable)
        );
        // Data after the end marker is not damage.
        let mut trailing = whole.clone();
        trailing.extend_from_slice(b"\xFF\xD8appended by a phone");
        assert!(clean(&trailing).is_ok());
        let whole = png(DynamicImage::ImageRgb8(picture(64, 64)));
        assert_eq!(
            clean(&whole[..whole.len() / 2]),
            Err(PhotoError::Unreadable)
        );
    }

    #[test]
    fn errors_name_their_translations() {
        assert_eq!(PhotoError::TooBig.key(), "photo-error-too-big");
        assert_eq!(PhotoError::NotAnImage.key(), "photo-error-not-image");
        assert_eq!(
            PhotoError::TooManyPixels.key(),
            "photo-error-too-many-pixels"
        );
        assert_eq!(PhotoError::Unreadable.key(), "photo-error-unreadable");
    }
}
