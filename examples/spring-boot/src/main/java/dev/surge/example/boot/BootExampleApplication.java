package dev.surge.example.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application cached by Surge. Nothing here names Surge: the {@code surge-adapter-spring}
 * dependency auto-configures the cache, and {@link PageController} marks what it may keep.
 */
@SpringBootApplication
public class BootExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(BootExampleApplication.class, args);
  }
}
