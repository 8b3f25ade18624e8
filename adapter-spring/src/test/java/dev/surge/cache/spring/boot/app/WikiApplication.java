package dev.surge.cache.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A fresh Spring Boot application as a user writes it: the Surge dependency on the classpath, one
 * {@code @CacheResponse}, no other configuration. Spring Security is left out here (it has its own test).
 */
@SpringBootApplication(excludeName = {
    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
public class WikiApplication {}
