package dev.browseragent.api.media;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * An animated GIF of a task's step screenshots, one frame per step, scaled down to keep it small. The JDK's own
 * GIF writer does the encoding; only the animation metadata (frame delay, endless loop) is set here.
 */
public final class AnimatedGif {

    static final int MAX_WIDTH = 640;
    static final int FRAME_DELAY_CENTISECONDS = 100;

    private AnimatedGif() {
    }

    /**
     * The GIF of these PNG or JPEG images, each decoded and scaled as it is reached and dropped once written, so one
     * frame is held at a time; images that cannot be decoded are left out.
     */
    public static byte[] of(Iterator<byte[]> images) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(gif)) {
            writer.setOutput(output);
            writer.prepareWriteSequence(null);
            boolean first = true;
            while (images.hasNext()) {
                BufferedImage frame = decode(images.next());
                if (frame == null) {
                    continue;
                }
                BufferedImage scaled = scaled(frame);
                writer.writeToSequence(new IIOImage(scaled, null, frameMetadata(writer, scaled, first)), null);
                first = false;
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode the GIF", e);
        } finally {
            writer.dispose();
        }
        return gif.toByteArray();
    }

    private static BufferedImage decode(byte[] image) {
        try {
            return ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            return null;
        }
    }

    private static BufferedImage scaled(BufferedImage frame) {
        double factor = Math.min(1.0, (double) MAX_WIDTH / frame.getWidth());
        int width = Math.max(1, (int) Math.round(frame.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(frame.getHeight() * factor));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scaled.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(frame, 0, 0, width, height, null);
        graphics.dispose();
        return scaled;
    }

    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage frame, boolean first) throws IOException {
        ImageWriteParam parameters = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), parameters);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);

        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(FRAME_DELAY_CENTISECONDS));
        control.setAttribute("transparentColorIndex", "0");

        if (first) {
            // NETSCAPE2.0 with a loop count of 0: play endlessly.
            IIOMetadataNode application = new IIOMetadataNode("ApplicationExtension");
            application.setAttribute("applicationID", "NETSCAPE");
            application.setAttribute("authenticationCode", "2.0");
            application.setUserObject(new byte[]{1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(application);
        }
        metadata.setFromTree(format, root);
        return metadata;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
