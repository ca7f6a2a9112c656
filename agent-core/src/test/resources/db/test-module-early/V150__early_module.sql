CREATE TABLE test_module_early (id INT);
