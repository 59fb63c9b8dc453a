package dev.switchboard.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code --config} JSON file: an object whose keys are flag names and whose values are scalars. */
final class ConfigFile {
    private ConfigFile() { }

    static Map<String, String> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Config file " + file + " is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read config file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Config file " + file + " must hold a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        root.fields().forEachRemaining(field -> {
            if (!field.getValue().isValueNode()) {
                throw new IllegalArgumentException("Config file " + file + ": \"" + field.getKey()
                        + "\" must be a string, number or boolean");
            }
            values.put(field.getKey(), field.getValue().asText());
        });
        return values;
    }
}
