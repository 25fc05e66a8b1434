# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_run_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_FirstRunDialog(object):
    def setupUi(self, FirstRunDialog):
        if not FirstRunDialog.objectName():
            FirstRunDialog.setObjectName(u"FirstRunDialog")
        FirstRunDialog.resize(480, 340)
        self.layout = QVBoxLayout(FirstRunDialog)
        self.layout.setObjectName(u"layout")
        self.introLabel = QLabel(FirstRunDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setTextFormat(Qt.PlainText)
        self.introLabel.setWordWrap(True)

        self.layout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.checkpointNameLabel = QLabel(FirstRunDialog)
        self.checkpointNameLabel.setObjectName(u"checkpointNameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.checkpointNameLabel)

        self.checkpointNameEdit = QLineEdit(FirstRunDialog)
        self.checkpointNameEdit.setObjectName(u"checkpointNameEdit")
        self.checkpointNameEdit.setMaxLength(60)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.checkpointNameEdit)

        self.kindLabel = QLabel(FirstRunDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(FirstRunDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.townshipLabel = QLabel(FirstRunDialog)
        self.townshipLabel.setObjectName(u"townshipLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.townshipLabel)

        self.townshipCombo = QComboBox(FirstRunDialog)
        self.townshipCombo.setObjectName(u"townshipCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.townshipCombo)

        self.adminNameLabel = QLabel(FirstRunDialog)
        self.adminNameLabel.setObjectName(u"adminNameLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.adminNameLabel)

        self.adminNameEdit = QLineEdit(FirstRunDialog)
        self.adminNameEdit.setObjectName(u"adminNameEdit")
        self.adminNameEdit.setMaxLength(40)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.adminNameEdit)

        self.pinLabel = QLabel(FirstRunDialog)
        self.pinLabel.setObjectName(u"pinLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.pinLabel)

        self.pinEdit = QLineEdit(FirstRunDialog)
        self.pinEdit.setObjectName(u"pinEdit")
        self.pinEdit.setEchoMode(QLineEdit.Password)
        self.pinEdit.setMaxLength(12)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.pinEdit)

        self.pinAgainLabel = QLabel(FirstRunDialog)
        self.pinAgainLabel.setObjectName(u"pinAgainLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.pinAgainLabel)

        self.pinAgainEdit = QLineEdit(FirstRunDialog)
        self.pinAgainEdit.setObjectName(u"pinAgainEdit")
        self.pinAgainEdit.setEchoMode(QLineEdit.Password)
        self.pinAgainEdit.setMaxLength(12)

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.pinAgainEdit)


        self.layout.addLayout(self.formLayout)

        self.messageLabel = QLabel(FirstRunDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(FirstRunDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.checkpointNameLabel.setBuddy(self.checkpointNameEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.townshipLabel.setBuddy(self.townshipCombo)
        self.adminNameLabel.setBuddy(self.adminNameEdit)
        self.pinLabel.setBuddy(self.pinEdit)
        self.pinAgainLabel.setBuddy(self.pinAgainEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(FirstRunDialog)

        QMetaObject.connectSlotsByName(FirstRunDialog)
    # setupUi

    def retranslateUi(self, FirstRunDialog):
        FirstRunDialog.setWindowTitle(QCoreApplication.translate("FirstRunDialog", u"\u9996\u6b21\u4f7f\u7528\uff1a\u8bbe\u7f6e\u5361\u70b9", None))
        self.introLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u8bf7\u586b\u5199\u672c\u5361\u70b9\u4fe1\u606f\uff0c\u5e76\u521b\u5efa\u7b2c\u4e00\u4f4d\u7ba1\u7406\u5458\uff08\u6b64\u540e\u7531\u5176\u6dfb\u52a0\u5176\u4ed6\u5de5\u4f5c\u4eba\u5458\uff09\u3002", None))
        self.checkpointNameLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u5361\u70b9\u540d\u79f0(&C)", None))
        self.checkpointNameEdit.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u5982 \u5b81\u6d1b\u9ad8\u901f\u8c2d\u5e84\u7ad9", None))
        self.kindLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u5361\u70b9\u7c7b\u578b", None))
        self.townshipLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u6240\u5c5e\u4e61\u9547", None))
        self.adminNameLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u7ba1\u7406\u5458\u59d3\u540d(&A)", None))
        self.pinLabel.setText(QCoreApplication.translate("FirstRunDialog", u"PIN(&P)", None))
        self.pinAgainLabel.setText(QCoreApplication.translate("FirstRunDialog", u"\u518d\u6b21\u8f93\u5165 PIN", None))
        self.messageLabel.setText("")
    # retranslateUi

