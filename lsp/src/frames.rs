//! Guards the server's input: JSON-RPC frames whose headers or body are malformed are dropped
//! (with a line on stderr) before they reach tower-lsp-server, whose reader stops for good at the
//! first undecodable message.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Largest message accepted (a 10 MiB document, JSON-escaped, fits).
const MAX_BODY: usize = 64 * 1024 * 1024;
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// Copies well-formed frames from `input` to `output` until `input` ends.
pub async fn forward_valid_frames<I: AsyncRead + Unpin, O: AsyncWrite + Unpin>(
    input: I,
    mut output: O,
) {
    let mut reader = BufReader::new(input);
    loop {
        let mut length: Option<usize> = None;
        let mut header_lines = 0;
        loop {
            let mut line = Vec::new();
            match (&mut reader)
                .take(MAX_HEADER_LINE)
                .read_until(b'\n', &mut line)
                .await
            {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            header_lines += 1;
            let text = String::from_utf8_lossy(&line);
            let text = text.trim();
            if text.is_empty() {
                if header_lines > 1 || length.is_some() {
                    break;
                }
                continue;
            }
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok();
                }
            }
        }
        let Some(length) = length.filter(|l| *l <= MAX_BODY) else {
            eprintln!("clause lsp : message sans longueur valide ignoré");
            continue;
        };
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        let valid = serde_json::from_slice::<serde_json::Value>(&body).is_ok_and(|v| v.is_object());
        if !valid {
            eprintln!("clause lsp : message JSON-RPC mal formé ignoré ({length} octets)");
            continue;
        }
        let header = format!("Content-Length: {length}\r\n\r\n");
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
            || output.flush().await.is_err()
        {
            return;
        }
    }
}
