//! Photos on the feedback form: cleaned of every kind of metadata before they are stored,
//! shown to staff and admins only, never emailed, erased with the submission; anything that
//! is not a photo we can take is refused with a clear message and stores nothing.

use portal_tests::{form_with, on_both_databases, Page, TestApp};
use reqwest::multipart::{Form, Part};

const GPS_MARKER: &str = "GPS-SECRET-51.5074N-0.1278W";
const COMMENT_MARKER: &str = "COMMENT-SECRET-flat-12";
const PNG_MARKER: &str = "PNG-TEXT-SECRET-author";

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .encode_image(&pixels)
        .unwrap();
    out
}

/// A JPEG segment: marker, big-endian length (itself included), payload.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend(((payload.len() + 2) as u16).to_be_bytes());
    s.extend(payload);
    s
}

/// A camera's JPEG: EXIF with a GPS position and a comment, straight after the start marker.
fn jpeg_with_metadata(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(GPS_MARKER.as_bytes());
    let mut out = plain[..2].to_vec();
    out.extend(segment(0xE1, &exif));
    out.extend(segment(0xFE, COMMENT_MARKER.as_bytes()));
    out.extend(&plain[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
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

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend(data);
    c.extend(&body);
    c.extend(crc32(&body).to_be_bytes());
    c
}

/// A PNG with a text chunk naming its author, after the header chunk.
fn png_with_text() -> Vec<u8> {
    let pixels = image::RgbaImage::from_pixel(40, 30, image::Rgba([10, 200, 30, 255]));
    let mut plain = Vec::new();
    pixels
        .write_to(
            &mut std::io::Cursor::new(&mut plain),
            image::ImageFormat::Png,
        )
        .unwrap();
    let after_header = 8 + 25;
    let mut out = plain[..after_header].to_vec();
    out.extend(chunk(b"tEXt", format!("Author\0{PNG_MARKER}").as_bytes()));
    out.extend(&plain[after_header..]);
    out
}

/// A PNG that claims to be 30,000 pixels square in a few dozen bytes.
fn png_bomb() -> Vec<u8> {
    let mut header = 30_000u32.to_be_bytes().to_vec();
    header.extend(30_000u32.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &header));
    out.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    out.extend(chunk(b"IEND", &[]));
    out
}

/// A file as chosen: its name, its declared type, its bytes.
type Chosen<'a> = (&'a str, &'a str, Vec<u8>);

/// The valid form as a browser without script sends it with files chosen.
async fn send_with_photos(app: &TestApp, photos: Vec<Chosen<'_>>) -> reqwest::Response {
    let mut form = Form::new();
    for (name, value) in form_with(&[]) {
        form = form.text(name, value);
    }
    for (file_name, mime, bytes) in photos {
        form = form.part(
            "photos",
            Part::bytes(bytes)
                .file_name(file_name.to_owned())
                .mime_str(mime)
                .unwrap(),
        );
    }
    app.client
        .post(app.url("/feedback"))
        .header("Accept", "text/html")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn photos_stored(app: &TestApp) -> i64 {
    app::on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM submission_photos").fetch_one(pool).await.unwrap())
}

async fn photos_are_cleaned_shown_to_staff_only_and_erased_with_the_submission(app: TestApp) {
    let form = app.get_page("/feedback").await;
    assert_eq!(
        form.attr("form[action='/feedback']", "enctype").as_deref(),
        Some("multipart/form-data")
    );
    assert!(form.has("input[type=file][name=photos][multiple][accept*='image/jpeg']"));

    let response = send_with_photos(
        &app,
        vec![
            ("IMG_0001.jpg", "image/jpeg", jpeg_with_metadata(3000, 1500)),
            ("scan.png", "image/png", png_with_text()),
        ],
    )
    .await;
    let confirmation = app.follow(response).await;
    let reference = confirmation.text("#reference").replace('-', "");
    let tracking = portal_tests::tracking_path(&confirmation);
    assert_eq!(photos_stored(&app).await, 2);

    let staff = app.staff().await;
    let item = staff
        .get_page(&format!("/staff/submissions/{reference}"))
        .await;
    let sources = item.attrs(".photos img", "src");
    assert_eq!(sources.len(), 2, "both photos on the item page");
    assert!(item
        .attrs(".photos img", "alt")
        .iter()
        .all(|a| !a.is_empty()));

    let first = staff.get(&sources[0]).await;
    assert_eq!(first.status().as_u16(), 200);
    assert_eq!(first.headers()["content-type"], "image/jpeg");
    assert!(first.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("no-store"));
    let bytes = first.bytes().await.unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        !raw.contains(GPS_MARKER) && !raw.contains("Exif"),
        "no EXIF survives"
    );
    assert!(!raw.contains(COMMENT_MARKER), "no comment survives");
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!(
        (decoded.width(), decoded.height()),
        (2000, 1000),
        "at most 2,000 px"
    );

    let second = staff.get(&sources[1]).await;
    assert_eq!(second.headers()["content-type"], "image/png");
    let bytes = second.bytes().await.unwrap();
    assert!(
        !String::from_utf8_lossy(&bytes).contains(PNG_MARKER),
        "no PNG text survives"
    );
    assert_eq!(image::load_from_memory(&bytes).unwrap().width(), 40);

    // A subject access export holds the photos as stored: cleaned.
    let export = staff
        .json(&format!("/staff/submissions/{reference}/export.json"))
        .await;
    assert_eq!(export["photos"].as_array().unwrap().len(), 2);
    assert!(!export.to_string().contains(GPS_MARKER));

    // Admins see them; commissioners, residents and the signed-out do not.
    assert_eq!(
        app.admin().await.get(&sources[0]).await.status().as_u16(),
        200
    );
    let commissioner = app
        .commissioner()
        .await
        .get(&sources[0])
        .await
        .status()
        .as_u16();
    assert_eq!(commissioner, 403);
    let outsider = app.new_browser().get(&sources[0]).await.status().as_u16();
    assert_ne!(outsider, 200);
    let tracking_page = app.get_page(&tracking).await;
    assert!(!tracking_page.has("img[src*='/photos/']"));

    // No email carries a photo.
    app.dispatch_all_pending_emails().await;
    for mail in app.mail_written() {
        assert!(
            !mail.to_ascii_lowercase().contains("content-type: image/"),
            "{mail}"
        );
    }

    // Deleting the submission deletes its photos.
    assert_eq!(
        app.post_form(&format!("{tracking}/delete"), &[])
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(photos_stored(&app).await, 0);
    assert_eq!(staff.get(&sources[0]).await.status().as_u16(), 404);
}

async fn a_file_we_cannot_take_gets_a_clear_message_and_nothing_is_stored(app: TestApp) {
    let eleven_mb: Vec<u8> = (0..11 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    let cases: Vec<(&str, Vec<Chosen>)> = vec![
        (
            "larger than 10 MB",
            vec![("big.jpg", "image/jpeg", eleven_mb)],
        ),
        (
            "not a JPEG or PNG",
            vec![(
                "notes.jpg",
                "image/jpeg",
                b"just some text, honest".to_vec(),
            )],
        ),
        (
            "too large to open",
            vec![("bomb.png", "image/png", png_bomb())],
        ),
        (
            "damaged",
            vec![("cut.jpg", "image/jpeg", jpeg(200, 200)[..300].to_vec())],
        ),
        (
            "up to 3 photos",
            (0..4)
                .map(|_| ("p.jpg", "image/jpeg", jpeg(20, 20)))
                .collect(),
        ),
    ];
    for (message, photos) in cases {
        let response = send_with_photos(&app, photos).await;
        assert_eq!(response.status().as_u16(), 422, "{message}");
        let page = Page::from(response).await;
        assert!(page.has(".error-summary a[href='#photos']"), "{message}");
        assert!(
            page.text("#photos-error").contains(message),
            "{message}: {}",
            page.text("#photos-error")
        );
        assert!(
            page.text("#message").contains("damp flat"),
            "{message}: the typing is kept"
        );
    }
    // Text fields keep the usual body limit even beside photos.
    let huge = Form::new().text("message", "x".repeat(300 * 1024)).part(
        "photos",
        Part::bytes(jpeg(20, 20))
            .file_name("p.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    let response = app
        .client
        .post(app.url("/feedback"))
        .multipart(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(app.count_submissions().await, 0);
    assert_eq!(photos_stored(&app).await, 0);
    // An empty file input is no photo, and the form goes as before.
    let response = send_with_photos(&app, vec![("", "application/octet-stream", Vec::new())]).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(photos_stored(&app).await, 0);
}

on_both_databases!(
    photos_are_cleaned_shown_to_staff_only_and_erased_with_the_submission,
    a_file_we_cannot_take_gets_a_clear_message_and_nothing_is_stored,
);
