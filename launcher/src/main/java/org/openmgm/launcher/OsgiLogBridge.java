package org.openmgm.launcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.LogService;
import org.osgi.service.log.LoggerFactory;

/**
 * The OSGi Log Service (1.4: {@link LoggerFactory}, and the older {@link LogService}) backed by the
 * launcher's java.util.logging set-up, so SCR (which otherwise prints multi-line errors to stdout),
 * ConfigAdmin, metatype and FileInstall log one line per event into log/openmgm0.log like everyone
 * else, under the calling bundle's symbolic name. The API package is exported by the system bundle from
 * the launcher's class path. Loggers are dynamic proxies: the Logger interfaces have ~90 methods that
 * all reduce to "is this level enabled" and "log this formatted line".
 */
final class OsgiLogBridge {
    private OsgiLogBridge() {}

    static void register(BundleContext system) {
        system.registerService(new String[] {LoggerFactory.class.getName(), LogService.class.getName()},
                new ServiceFactory<Object>() {
                    @Override
                    public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
                        return proxy(new FactoryHandler(String.valueOf(bundle.getSymbolicName())), LoggerFactory.class, LogService.class);
                    }

                    @Override
                    public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {}
                }, null);
    }

    private static Object proxy(InvocationHandler h, Class<?>... types) {
        return Proxy.newProxyInstance(OsgiLogBridge.class.getClassLoader(), types, h);
    }

    /** LoggerFactory.getLogger(...) and LogService.log(...) of one bundle. */
    private record FactoryHandler(String bundleName) implements InvocationHandler {
        @Override
        public Object invoke(Object self, Method m, Object[] args) {
            switch (m.getName()) {
                case "getLogger" -> {
                    String name = bundleName;
                    Object requested = args[args.length > 2 ? 1 : 0];
                    // "ROOT" (LoggerFactory.ROOT_LOGGER_NAME) is the bundle's own logger: name it after the bundle.
                    if (requested instanceof String s && !s.isBlank() && !s.equals("ROOT")) name = s;
                    else if (requested instanceof Class<?> c) name = c.getName();
                    // SCR names its loggers after the components (org.openmgm....): keep them out of the
                    // org.openmgm hierarchy, whose level OPENMGM_LOG_LEVEL sets.
                    if (bundleName.equals("org.apache.felix.scr") && !name.equals(bundleName)) name = "scr:" + name;
                    Class<?> type = args.length >= 2 && args[args.length - 1] instanceof Class<?> t && t.isInterface()
                            ? t : org.osgi.service.log.Logger.class;
                    return proxy(new LoggerHandler(System.getLogger(name), name, type == org.osgi.service.log.FormatterLogger.class), type);
                }
                case "log" -> {
                    // log([ServiceReference,] int level, String message [, Throwable])
                    int i = args[0] instanceof Integer ? 0 : 1;
                    int level = (Integer) args[i];
                    Throwable t = args.length > i + 2 ? (Throwable) args[i + 2] : null;
                    LoggerHandler.write(System.getLogger(bundleName), switch (level) {
                        case 1 -> System.Logger.Level.ERROR;
                        case 2 -> System.Logger.Level.WARNING;
                        case 3 -> System.Logger.Level.INFO;
                        default -> System.Logger.Level.DEBUG;
                    }, String.valueOf(args[i + 1]), t);
                    return null;
                }
                case "toString" -> {
                    return "LoggerFactory[" + bundleName + "]";
                }
                case "hashCode" -> {
                    return System.identityHashCode(self);
                }
                case "equals" -> {
                    return self == args[0];
                }
                default -> throw new UnsupportedOperationException(m.getName());
            }
        }
    }

    /** org.osgi.service.log.Logger / FormatterLogger. */
    private record LoggerHandler(System.Logger logger, String name, boolean printf) implements InvocationHandler {
        @Override
        public Object invoke(Object self, Method m, Object[] args) throws Exception {
            String n = m.getName();
            if (n.startsWith("is") && n.endsWith("Enabled")) return logger.isLoggable(level(n.substring(2, n.length() - 7)));
            switch (n) {
                case "getName" -> {
                    return name;
                }
                case "toString" -> {
                    return "Logger[" + name + "]";
                }
                case "hashCode" -> {
                    return System.identityHashCode(self);
                }
                case "equals" -> {
                    return self == args[0];
                }
                default -> { }
            }
            System.Logger.Level l = level(n);
            if (args == null || args.length == 0 || !logger.isLoggable(l)) return null;
            if (args[0] instanceof org.osgi.service.log.LoggerConsumer<?> consumer) {
                @SuppressWarnings("unchecked")
                org.osgi.service.log.LoggerConsumer<Exception> c = (org.osgi.service.log.LoggerConsumer<Exception>) consumer;
                c.accept((org.osgi.service.log.Logger) self);
                return null;
            }
            Object[] params = args.length == 2 && args[1] instanceof Object[] a ? a : java.util.Arrays.copyOfRange(args, 1, args.length);
            Throwable t = params.length > 0 && params[params.length - 1] instanceof Throwable x ? x : null;
            write(logger, l, format(String.valueOf(args[0]), params), t);
            return null;
        }

        private String format(String pattern, Object[] params) {
            if (printf) {
                try {
                    return String.format(pattern, params);
                } catch (java.util.IllegalFormatException e) {
                    return pattern;
                }
            }
            StringBuilder sb = new StringBuilder();
            int p = 0, from = 0;
            for (int at; (at = pattern.indexOf("{}", from)) >= 0; from = at + 2) {
                sb.append(pattern, from, at);
                sb.append(p < params.length ? String.valueOf(params[p++]) : "{}");
            }
            return sb.append(pattern.substring(from)).toString();
        }

        private static System.Logger.Level level(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "error" -> System.Logger.Level.ERROR;
                case "warn" -> System.Logger.Level.WARNING;
                case "info", "audit" -> System.Logger.Level.INFO;
                case "debug" -> System.Logger.Level.DEBUG;
                default -> System.Logger.Level.TRACE;
            };
        }

        /** One line; the stack trace only when DEBUG is on for that logger. */
        static void write(System.Logger logger, System.Logger.Level l, String text, Throwable t) {
            if (!logger.isLoggable(l)) return;
            if (t == null) logger.log(l, text);
            else if (logger.isLoggable(System.Logger.Level.DEBUG)) logger.log(l, text + ": " + Wire.oneLine(t), t);
            else logger.log(l, text + ": " + Wire.oneLine(t));
        }
    }
}
