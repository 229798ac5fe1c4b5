package io.switchboard.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Joins a text message from its frames and checks it before anyone parses it: size across fragments (Vert.x
 * would drop an oversized fragmented message silently) and strict UTF-8 (Vert.x would replace bad bytes).
 * A failure carries the close code that fits.
 */
public final class FrameAssembler {

  /** What went wrong, with the RFC 6455 close code to answer it. */
  public static final class FrameException extends Exception {
    public final short closeCode;

    FrameException(short closeCode, String message) {
      super(message, null, false, false);
      this.closeCode = closeCode;
    }
  }

  private final int maxMessageBytes;
  private Buffer partial;

  public FrameAssembler(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Returns the complete text message, or null while more fragments are expected. */
  /** What a session does with a frame it must refuse. */
  public interface Refusals {
    /** The frame cannot be recovered from: close the connection with this RFC 6455 code. */
    void close(short code, String reason);

    /** The text is not a JSON object with a type: answer with an error frame, keep the connection. */
    void badFrame(ProtocolException refusal);
  }

  /**
   * The next complete client frame as a JSON object with a string {@code type}; null while fragments are pending
   * or when the frame was refused (the refusal has been handed to {@code refusals}).
   */
  public JsonObject acceptJson(WebSocketFrame frame, Refusals refusals) {
    String text;
    try {
      text = accept(frame);
    } catch (FrameException e) {
      refusals.close(e.closeCode, e.getMessage());
      return null;
    }
    if (text == null) {
      return null;
    }
    try {
      return ClientFrames.parse(text);
    } catch (ProtocolException e) {
      refusals.badFrame(e);
      return null;
    }
  }

  public String accept(WebSocketFrame frame) throws FrameException {
    if (frame.isBinary()) {
      throw new FrameException(CloseCodes.UNSUPPORTED_DATA, "binary frames are not supported: send JSON text");
    }
    if (frame.isText()) {
      partial = null;
    } else if (!frame.isContinuation() || partial == null) {
      return null;
    }
    Buffer data = frame.binaryData();
    int size = (partial == null ? 0 : partial.length()) + data.length();
    if (size > maxMessageBytes) {
      partial = null;
      throw new FrameException(CloseCodes.MESSAGE_TOO_BIG,
          "message too big: over " + maxMessageBytes + " bytes");
    }
    if (!frame.isFinal()) {
      partial = partial == null ? data.copy() : partial.appendBuffer(data);
      return null;
    }
    Buffer whole = partial == null ? data : partial.appendBuffer(data);
    partial = null;
    return decodeStrict(whole);
  }

  private static String decodeStrict(Buffer bytes) throws FrameException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new FrameException(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
    }
  }
}
