CREATE TABLE test_module_late (id INT);
