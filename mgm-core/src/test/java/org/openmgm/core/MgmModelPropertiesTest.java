package org.openmgm.core;

/**
 * Runs {@link MgmModelProperties} under Maven: surefire's default includes ({@code *Test}, {@code Test*},
 * {@code *Tests}, {@code *TestCase}) do not match a class named {@code *Properties}, and the module's pom is not
 * the test's to change. jqwik runs the inherited property here.
 */
class MgmModelPropertiesTest extends MgmModelProperties {}
